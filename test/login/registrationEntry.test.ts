import { expect, test } from 'vitest';
import type { SsoSession } from '../../src/config/ssoProfile.ts';
import { toPythonJson } from '../../src/fs/pythonJson.ts';
import {
  parseRegistration, planRegistration, registrationCacheKey, registrationDocument, registrationScopes,
} from '../../src/login/registrationEntry.ts';
import type { Registration } from '../../src/sso/validateResponses.ts';

const START_URL = 'https://d-abc.awsapps.com/start';

test.each<[string, Pick<SsoSession, 'name' | 'startUrl' | 'region' | 'registrationScopes'>, string]>([
  ['session with scopes', { name: 'my-sso', startUrl: START_URL, region: 'us-east-1', registrationScopes: ['sso:account:access'] }, 'deb8cc906c2b78450415f3bc940056d81e790b51'],
  ['session without scopes (null in the key)', { name: 'my-sso', startUrl: START_URL, region: 'us-east-1', registrationScopes: [] }, '9cd51de60bd503f5cf0a32fb0d57e23477719f30'],
])('the AWS CLI v2 registration cache key (reference §3.5): %s', (_name, session, key) => {
  expect(registrationCacheKey(session)).toBe(key);
});

test('the default scope is registered when none is configured; configured scopes are kept', () => {
  const s = { name: 'a', startUrl: START_URL, region: 'us-east-1' };
  expect(registrationScopes({ ...s, registrationScopes: [] })).toEqual(['sso:account:access']);
  expect(registrationScopes({ ...s, registrationScopes: ['sso:account:access', 'codewhisperer:completions'] })).toEqual(['sso:account:access', 'codewhisperer:completions']);
});

const NOW = new Date('2026-11-22T12:00:00Z');
const reg = (over: Partial<Registration> = {}): Registration => ({
  clientId: 'cid', clientSecret: 'secret', expiresAt: new Date('2027-02-20T12:00:00Z'), scopes: ['sso:account:access'], grantTypes: ['authorization_code', 'refresh_token'], ...over,
});
const DEVICE = { grantTypes: [] as string[] };

test.each<[string, Registration | null, 'pkce' | 'device', 'reuse' | 'register', RegExp]>([
  ['none cached', null, 'pkce', 'register', /no cached/],
  ['auth-code registration, browser flow', reg(), 'pkce', 'reuse', /reusing the cached client registration \(valid until 2027-02-20T12:00:00Z\)/],
  ['device registration, device flow', reg(DEVICE), 'device', 'reuse', /reusing/],
  ['device registration, browser flow', reg(DEVICE), 'pkce', 'register', /not for the authorization code grant/],
  ['auth-code registration, device flow', reg(), 'device', 'register', /for the browser flow/],
  ['expires in 15 minutes exactly', reg({ expiresAt: new Date(NOW.getTime() + 15 * 60_000) }), 'pkce', 'register', /within 15 minutes/],
  ['expires in 16 minutes', reg({ expiresAt: new Date(NOW.getTime() + 16 * 60_000) }), 'pkce', 'reuse', /reusing/],
  ['expired', reg({ expiresAt: new Date('2026-01-01T00:00:00Z') }), 'device', 'register', /within 15 minutes/],
  ["the CLI's device registration without scopes (no refresh token would come)", reg({ ...DEVICE, scopes: [] }), 'device', 'register', /lacks the scope sso:account:access/],
])('planRegistration: %s', (_name, cached, flow, action, reason) => {
  const plan = planRegistration(cached, flow, ['sso:account:access'], NOW);
  expect(plan.action).toBe(action);
  expect(plan.reason).toMatch(reason);
});

test.each<[string, string, string | null]>([
  ['the CLI auth-code file', '{"clientId": "c", "clientSecret": "s", "expiresAt": "2027-01-01T00:00:00Z", "scopes": ["sso:account:access"], "grantTypes": ["authorization_code", "refresh_token"]}', null],
  ['the CLI device file (no scopes, no grant types)', '{"clientId": "c", "clientSecret": "s", "expiresAt": "2027-01-01T00:00:00Z"}', null],
  ['not JSON', '{"clientId": ', 'not valid JSON'],
  ['no secret, bad expiry', '{"clientId": "c", "expiresAt": 5}', 'no valid clientSecret, expiresAt'],
  ['JSON null', 'null', 'no valid clientId, clientSecret, expiresAt'],
])('parseRegistration: %s', (_name, text, problem) => {
  const parsed = parseRegistration(text);
  if (problem === null) expect('registration' in parsed).toBe(true);
  else expect(parsed).toEqual({ problem });
});

test("the cache file is the CLI's: key order, timestamps, grantTypes only for the browser flow", () => {
  expect(toPythonJson(registrationDocument(reg()))).toBe(
    '{"clientId": "cid", "clientSecret": "secret", "expiresAt": "2027-02-20T12:00:00Z", "scopes": ["sso:account:access"], "grantTypes": ["authorization_code", "refresh_token"]}',
  );
  expect(toPythonJson(registrationDocument(reg(DEVICE)))).toBe('{"clientId": "cid", "clientSecret": "secret", "expiresAt": "2027-02-20T12:00:00Z", "scopes": ["sso:account:access"]}');
  const round = parseRegistration(toPythonJson(registrationDocument(reg())));
  expect(round).toEqual({ registration: reg() });
});
