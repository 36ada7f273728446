// What went wrong with an SSO or SSO-OIDC call, in the few kinds our decisions need. Pure.

export type SsoCallErrorKind =
  | 'unauthorized' // the token or grant is not accepted: a login fixes it
  | 'forbidden' // the user may not assume this role
  | 'throttled'
  | 'server'
  | 'timeout'
  | 'network'
  | 'invalid-response'
  | 'other';

export class SsoCallError extends Error {
  constructor(
    readonly kind: SsoCallErrorKind,
    /** Safe to show: an error name, an HTTP status, a network code. Never a token or a service message body. */
    readonly summary: string,
  ) {
    super(summary);
    this.name = 'SsoCallError';
  }
}

/** SSO-OIDC answers that mean the refresh grant is dead (one-use token spent, registration revoked, consent withdrawn). */
const AUTH_ERRORS = new Set([
  'UnauthorizedException',
  'InvalidGrantException',
  'InvalidClientException',
  'UnauthorizedClientException',
  'AccessDeniedException',
  'ExpiredTokenException',
]);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);

/** Maps whatever the SDK threw. Reads names, codes and statuses only: SDK messages may quote response bodies. */
export function classifySdkError(error: unknown, endpoint: string): SsoCallError {
  if (error instanceof SsoCallError) return error;
  const e = (error ?? {}) as { name?: unknown; code?: unknown; $metadata?: { httpStatusCode?: unknown } };
  const name = typeof e.name === 'string' ? e.name : 'Error';
  const status = typeof e.$metadata?.httpStatusCode === 'number' ? e.$metadata.httpStatusCode : undefined;
  const code = typeof e.code === 'string' ? e.code : undefined;
  const withStatus = status ? `${name} (HTTP ${status})` : name;

  if (name === 'AbortError' || name === 'TimeoutError' || code === 'ETIMEDOUT' || name === 'RequestTimeout')
    return new SsoCallError('timeout', `no answer from ${endpoint} in time`);
  if (code && NETWORK_CODES.has(code)) return new SsoCallError('network', `cannot reach ${endpoint} (${code})`);
  if (AUTH_ERRORS.has(name) || status === 401) return new SsoCallError('unauthorized', withStatus);
  if (name === 'ForbiddenException' || status === 403) return new SsoCallError('forbidden', withStatus);
  if (name === 'TooManyRequestsException' || name === 'SlowDownException' || status === 429)
    return new SsoCallError('throttled', `${withStatus}, still after retries`);
  if (status !== undefined && status >= 500) return new SsoCallError('server', `${withStatus}, still after retries`);
  if (name === 'SyntaxError' || name === 'SerializationException' || (status !== undefined && status >= 200 && status < 300))
    return new SsoCallError('invalid-response', `${endpoint} sent a response that is not what the SSO API returns`);
  if (status === undefined && code) return new SsoCallError('network', `cannot reach ${endpoint} (${code})`);
  return new SsoCallError('other', withStatus);
}
