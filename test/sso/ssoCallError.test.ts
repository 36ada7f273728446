import { expect, test } from 'vitest';
import { validateIssuedToken, validateRoleCredentials } from '../../src/sso/validateResponses.ts';
import { classifySdkError, SsoCallError } from '../../src/sso/ssoCallError.ts';

const E = 'http://127.0.0.1:1';
const sdk = (name: string, status?: number, extra: object = {}) =>
  Object.assign(new Error(`service said: secret-body ${name}`), { name, $metadata: { httpStatusCode: status } }, extra);

test.each<[string, unknown, SsoCallError['kind'], RegExp]>([
  ['401 UnauthorizedException', sdk('UnauthorizedException', 401), 'unauthorized', /UnauthorizedException \(HTTP 401\)/],
  ['401 without a type', sdk('Unknown', 401), 'unauthorized', /HTTP 401/],
  ['OIDC invalid grant', sdk('InvalidGrantException', 400), 'unauthorized', /InvalidGrantException/],
  ['OIDC invalid client', sdk('InvalidClientException', 401), 'unauthorized', /InvalidClientException/],
  ['403 Forbidden', sdk('ForbiddenException', 403), 'forbidden', /ForbiddenException \(HTTP 403\)/],
  ['429', sdk('TooManyRequestsException', 429), 'throttled', /still after retries/],
  ['500', sdk('InternalServerException', 500), 'server', /HTTP 500/],
  ['503 unknown', sdk('Unknown', 503), 'server', /HTTP 503/],
  ['connection refused', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'network', /cannot reach http:\/\/127\.0\.0\.1:1 \(ECONNREFUSED\)/],
  ['abort (our deadline)', Object.assign(new Error('aborted'), { name: 'AbortError' }), 'timeout', /no answer/],
  ['SDK request timeout', Object.assign(new Error('x'), { name: 'TimeoutError' }), 'timeout', /no answer/],
  ['malformed JSON', sdk('SyntaxError', 200), 'invalid-response', /not what the SSO API returns/],
  ['anything else', sdk('InvalidRequestException', 400), 'other', /InvalidRequestException \(HTTP 400\)/],
])('%s → %s', (_name, error, kind, summary) => {
  const e = classifySdkError(error, E);
  expect(e.kind).toBe(kind);
  expect(e.summary).toMatch(summary);
  expect(e.summary).not.toContain('secret-body'); // service bodies are never echoed
});

const NOW = new Date('2026-11-22T12:00:00Z');
const wire = { accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'ST', expiration: NOW.getTime() + 3_600_000 };

test('role credentials are validated where they enter', () => {
  expect(validateRoleCredentials(wire, '111122223333', NOW, E)).toEqual({ ...wire, expiration: new Date(wire.expiration), accountId: '111122223333' });
});

test.each<[string, object | undefined, RegExp]>([
  ['no roleCredentials', undefined, /without roleCredentials/],
  ['missing fields, all listed', { expiration: wire.expiration, accessKeyId: 'AK' }, /without secretAccessKey, sessionToken/],
  ['expiration in seconds', { ...wire, expiration: Math.floor(wire.expiration / 1000) }, /already expired \(1970/],
  ['already expired', { ...wire, expiration: NOW.getTime() - 1 }, /already expired/],
])('refused: %s', (_name, rc, message) => {
  expect(() => validateRoleCredentials(rc, '1', NOW, E)).toThrow(message);
});

test('a refresh response must have a token and a lifetime; a missing refresh token is allowed', () => {
  expect(validateIssuedToken({ accessToken: 'a', expiresIn: 3600 }, E)).toEqual({ accessToken: 'a', expiresInSeconds: 3600, refreshToken: undefined });
  expect(validateIssuedToken({ accessToken: 'a', expiresIn: 3600, refreshToken: '' }, E).refreshToken).toBeUndefined();
  expect(() => validateIssuedToken({ accessToken: 'a' }, E)).toThrow(/without an access token and its lifetime/);
  expect(() => validateIssuedToken({ expiresIn: 60 }, E)).toThrow(SsoCallError);
  expect(() => validateIssuedToken({ accessToken: 'a', expiresIn: 0 }, E)).toThrow(SsoCallError);
});
