// What the endpoint does with a request: the token first, then method, body and path; nothing presented is echoed.

import { expect, test } from 'vitest';
import { routeRequest, type RequestFacts } from '../../src/serve/routeRequest.ts';
import { tokenMatcher } from '../../src/serve/serverToken.ts';

const TOKEN = 'k'.repeat(43);
const ok: RequestFacts = { method: 'GET', target: '/credentials', authorization: TOKEN, hasBody: false };

test.each<[string, Partial<RequestFacts>, number | 'credentials', string | null]>([
  ['the SDK request', {}, 'credentials', null],
  ['a query string is ignored', { target: '/credentials?x=1' }, 'credentials', null],
  ['no Authorization header', { authorization: undefined }, 401, 'MissingAuthorization'],
  ['an empty one', { authorization: '' }, 401, 'MissingAuthorization'],
  ['a wrong token', { authorization: 'k'.repeat(42) + 'j' }, 403, 'InvalidAuthorization'],
  ['the token as a Bearer header (the SDKs send it bare)', { authorization: `Bearer ${TOKEN}` }, 403, 'InvalidAuthorization'],
  ['no token on a wrong path: the token is checked first', { authorization: undefined, target: '/nope' }, 401, 'MissingAuthorization'],
  ['a wrong token on a POST: still the token first', { authorization: 'x', method: 'POST' }, 403, 'InvalidAuthorization'],
  ['POST', { method: 'POST' }, 405, 'MethodNotAllowed'],
  ['a body', { hasBody: true }, 400, 'BadRequest'],
  ['a wrong path', { target: '/' }, 404, 'NotFound'],
  ['a longer path', { target: '/credentials/x' }, 404, 'NotFound'],
  ['an absolute URL', { target: 'http://evil/credentials' }, 404, 'NotFound'],
  ['`*`', { target: '*' }, 404, 'NotFound'],
  ['a network-path reference', { target: '//credentials' }, 404, 'NotFound'],
])('%s', (_name, change, expected, code) => {
  const route = routeRequest({ ...ok, ...change }, tokenMatcher(TOKEN));
  if (expected === 'credentials') return expect(route.kind).toBe('credentials');
  expect(route.kind).toBe('refuse');
  if (route.kind !== 'refuse') return;
  expect(route.refusal.status).toBe(expected);
  expect(route.refusal.code).toBe(code);
  expect(route.refusal.message).toMatch(/^keyrack-cp serve: /);
  expect(route.refusal.message).not.toContain(TOKEN.slice(0, 20));
  if (change.authorization) expect(route.refusal.message).not.toContain(change.authorization);
});

test('messages tell what to set, never what was presented', () => {
  const missing = routeRequest({ ...ok, authorization: undefined }, tokenMatcher(TOKEN));
  const wrong = routeRequest({ ...ok, authorization: 'guess-guess-guess' }, tokenMatcher(TOKEN));
  expect(missing.kind === 'refuse' && missing.refusal.message).toMatch(/Set AWS_CONTAINER_AUTHORIZATION_TOKEN to the token keyrack-cp serve printed/);
  expect(wrong.kind === 'refuse' && wrong.refusal.message).not.toContain('guess');
});

test('a method that is not a plain word is not echoed', () => {
  const route = routeRequest({ ...ok, method: 'M\u001b[2J' }, tokenMatcher(TOKEN));
  expect(route.kind === 'refuse' && route.refusal.message).toBe('keyrack-cp serve: credentials are read with GET, not that method.');
});
