// The response shapes the real services put on the wire (reference §5, §6, Appendix B), built once so every handler,
// fault and the 404 route answer the way both SDKs parse.

import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/** A request as handlers see it: the body already read in full. */
export interface WireRequest {
  readonly method: string;
  readonly url: URL;
  /** The request target exactly as sent (path and query, still percent-encoded): SigV4 signs this, not `url`. */
  readonly target: string;
  readonly headers: IncomingHttpHeaders;
  /** node's `rawHeaders` (name, value, …): repeated headers and their order, which SigV4 signs. */
  readonly rawHeaders: readonly string[];
  readonly body: string;
}

/** A class so handlers can tell an answer from parsed client input, whatever keys that input has. */
export class WireResponse {
  constructor(
    readonly status: number,
    readonly headers: Readonly<Record<string, string>>,
    readonly body: string,
  ) {}
}

export const isResponse = (x: unknown): x is WireResponse => x instanceof WireResponse;

/** Which service an operation belongs to decides its error format. */
export type ServiceFamily = 'portal' | 'oidc' | 'browser' | 'sts' | 'federation';

export function jsonResponse(status: number, value: unknown): WireResponse {
  return new WireResponse(status, { 'Content-Type': 'application/json' }, JSON.stringify(value));
}

/** Logout answers 200 with nothing in it; the content type stays JSON like every other success. */
export function emptyJsonResponse(): WireResponse {
  return new WireResponse(200, { 'Content-Type': 'application/json' }, '');
}

/** A line of plain text: what the federation endpoint says when it refuses a request. */
export function textResponse(status: number, text: string): WireResponse {
  return new WireResponse(status, { 'Content-Type': 'text/plain; charset=utf-8' }, `${text}\n`);
}

export function htmlResponse(status: number, title: string, text: string): WireResponse {
  const page = `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`;
  return new WireResponse(status, { 'Content-Type': 'text/html; charset=utf-8' }, page);
}

export function redirectResponse(location: string): WireResponse {
  return new WireResponse(302, { Location: location }, '');
}

/** Portal statuses (reference §5). ForbiddenException is not in the model but is what AWS sends for an unassigned role. */
export const PORTAL_ERROR_STATUS = {
  InvalidRequestException: 400,
  UnauthorizedException: 401,
  ForbiddenException: 403,
  ResourceNotFoundException: 404,
  TooManyRequestsException: 429,
} as const;
export type PortalErrorName = keyof typeof PORTAL_ERROR_STATUS;

/**
 * Appendix B: the SDKs find the error code in `x-amzn-ErrorType` first and in `__type` last; sending both is what
 * makes a 401 an UnauthorizedException (and botocore's UnauthorizedSSOTokenError) instead of a bare Code "401".
 */
export function portalError(name: PortalErrorName, message: string): WireResponse {
  return new WireResponse(
    PORTAL_ERROR_STATUS[name],
    { 'Content-Type': 'application/json', 'x-amzn-ErrorType': name },
    JSON.stringify({ message, __type: `com.amazonaws.switchboard.portal#${name}` }),
  );
}

/** SSO-OIDC statuses and OAuth `error` codes (reference §6 table). */
export const OIDC_ERRORS = {
  AuthorizationPendingException: { status: 400, error: 'authorization_pending' },
  SlowDownException: { status: 400, error: 'slow_down' },
  ExpiredTokenException: { status: 400, error: 'expired_token' },
  AccessDeniedException: { status: 400, error: 'access_denied' },
  InvalidGrantException: { status: 400, error: 'invalid_grant' },
  InvalidClientException: { status: 401, error: 'invalid_client' },
  InvalidRequestException: { status: 400, error: 'invalid_request' },
  InvalidScopeException: { status: 400, error: 'invalid_scope' },
  UnauthorizedClientException: { status: 400, error: 'unauthorized_client' },
  UnsupportedGrantTypeException: { status: 400, error: 'unsupported_grant_type' },
  InvalidClientMetadataException: { status: 400, error: 'invalid_client_metadata' },
  InvalidRedirectUriException: { status: 400, error: 'invalid_redirect_uri' },
  InternalServerException: { status: 500, error: 'server_error' },
} as const;
export type OidcErrorName = keyof typeof OIDC_ERRORS;

/** The suffix AWS puts after the name in the OIDC error header (a real capture, reference §6). */
export const OIDC_ERROR_TYPE_SUFFIX = ':http://internal.amazon.com/coral/com.amazonaws.sso.oidc/';

/** The OIDC body carries only the OAuth code; the SDKs take the exception name from the header, never from `error`. */
export function oidcError(name: OidcErrorName, description: string): WireResponse {
  const { status, error } = OIDC_ERRORS[name];
  return new WireResponse(
    status,
    { 'Content-Type': 'application/json', 'x-amzn-ErrorType': `${name}${OIDC_ERROR_TYPE_SUFFIX}` },
    JSON.stringify({ error, error_description: description }),
  );
}

/** STS error codes the emulator sends, with the HTTP status AWS pairs them with. */
export const STS_ERROR_STATUS = {
  MissingAuthenticationToken: 403,
  IncompleteSignature: 400,
  InvalidClientTokenId: 403,
  SignatureDoesNotMatch: 403,
  ExpiredToken: 400,
  InvalidAction: 400,
} as const;
export type StsErrorCode = keyof typeof STS_ERROR_STATUS;

export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

/** The Query protocol's error document: botocore and the JS SDK read Error/Code and Error/Message from it. The
 * request id goes in the body and the header alike, as AWS sends it. */
export function stsError(code: StsErrorCode | string, message: string): WireResponse {
  const status = (STS_ERROR_STATUS as Record<string, number>)[code] ?? 400;
  const requestId = randomUUID();
  const body = `<ErrorResponse xmlns="${STS_XMLNS}">\n  <Error>\n    <Type>Sender</Type>\n    <Code>${escapeXml(code)}</Code>\n`
    + `    <Message>${escapeXml(message)}</Message>\n  </Error>\n  <RequestId>${requestId}</RequestId>\n</ErrorResponse>\n`;
  return new WireResponse(status, { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId }, body);
}

/** A Query-protocol success: `<{Operation}Response><{Operation}Result>…</…><ResponseMetadata>`. */
export function stsResult(operation: string, fields: Readonly<Record<string, string>>): WireResponse {
  const requestId = randomUUID();
  const members = Object.entries(fields).map(([k, v]) => `    <${k}>${escapeXml(v)}</${k}>\n`).join('');
  const body = `<${operation}Response xmlns="${STS_XMLNS}">\n  <${operation}Result>\n${members}  </${operation}Result>\n`
    + `  <ResponseMetadata>\n    <RequestId>${requestId}</RequestId>\n  </ResponseMetadata>\n</${operation}Response>\n`;
  return new WireResponse(200, { 'Content-Type': 'text/xml', 'x-amzn-RequestId': requestId }, body);
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The body a fault-injected error gets when the test gave a status and name but no body. */
export function defaultFaultBody(family: ServiceFamily, errorType: string | undefined): string {
  const message = 'Injected fault';
  // STS speaks XML even for a bare status: its clients cannot read a JSON error at all.
  if (family === 'sts') return stsError(errorType?.split(':')[0] ?? 'InjectedFault', message).body;
  if (errorType === undefined) return JSON.stringify({ message });
  const name = errorType.split(':')[0] ?? errorType;
  if (family === 'oidc') {
    const known = (OIDC_ERRORS as Record<string, { error: string }>)[name];
    return JSON.stringify({ error: known?.error ?? oauthCodeOf(name), error_description: message });
  }
  if (family === 'browser') return JSON.stringify({ error: name, message });
  return JSON.stringify({ message, __type: `com.amazonaws.switchboard.portal#${name}` });
}

/** "SomeThingException" → "some_thing", for OIDC names outside the table. */
function oauthCodeOf(name: string): string {
  return name.replace(/Exception$/, '').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** What any path the emulator does not serve gets: rest-json services say UnknownOperationException. */
export function unknownRoute(method: string, path: string): WireResponse {
  return new WireResponse(
    404,
    { 'Content-Type': 'application/json', 'x-amzn-ErrorType': 'UnknownOperationException' },
    JSON.stringify({ message: `No operation at ${method} ${path}`, __type: 'UnknownOperationException' }),
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
