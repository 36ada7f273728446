import { createHash } from 'node:crypto';
import { expect, test } from 'vitest';
import { buildAuthorizeUrl, callbackRedirectUri, codeChallengeS256, createCodeVerifier, encodeRfc3986 } from '../../src/login/pkce.ts';

test('the verifier: 64 characters of the RFC 7636 unreserved set, from the random source given', () => {
  let calls = 0;
  const bytes = (size: number) => Uint8Array.from({ length: size }, (_, i) => (i + calls++ * 7) % 256);
  const verifier = createCodeVerifier(bytes);
  expect(verifier).toMatch(/^[A-Za-z0-9._~-]{64}$/);
});

test('bytes that would favour some characters are skipped, so the result is unbiased', () => {
  // 198 = 3 × 66 is the first byte value dropped; 0..197 map evenly onto the 66 characters.
  const only = (value: number) => (size: number) => new Uint8Array(size).fill(value);
  expect(createCodeVerifier(only(0))).toBe('A'.repeat(64));
  expect(createCodeVerifier(only(65))).toBe('~'.repeat(64));
  expect(createCodeVerifier(only(197))).toBe('~'.repeat(64));
  let first = true;
  const dropsThenA = (size: number) => {
    const b = new Uint8Array(size).fill(first ? 198 : 66);
    first = false;
    return b;
  };
  expect(createCodeVerifier(dropsThenA)).toBe('A'.repeat(64));
});

test('S256 challenge: the RFC 7636 Appendix B vector, and 43 characters without padding', () => {
  expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  const v = 'a'.repeat(64);
  expect(codeChallengeS256(v)).toBe(createHash('sha256').update(v).digest('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
  expect(codeChallengeS256(v)).toHaveLength(43);
});

test.each<[string, string]>([
  ['sso:account:access', 'sso%3Aaccount%3Aaccess'],
  ['a b', 'a%20b'],
  ['abc==', 'abc%3D%3D'],
  ["-_.~!*'()/", "-_.~%21%2A%27%28%29%2F"],
  ['http://127.0.0.1:50123/oauth/callback', 'http%3A%2F%2F127.0.0.1%3A50123%2Foauth%2Fcallback'],
])('RFC 3986 encoding of %j', (value, encoded) => {
  expect(encodeRfc3986(value)).toBe(encoded);
});

test("the authorize URL is the CLI's, parameter for parameter (reference §7 example)", () => {
  const url = buildAuthorizeUrl({
    oidcEndpoint: 'https://oidc.us-east-1.amazonaws.com',
    clientId: 'abc==',
    redirectUri: callbackRedirectUri(50123),
    state: 'f1c3a9e2-1111-4222-8333-444455556666',
    scopes: ['sso:account:access', 'codewhisperer:completions'],
    codeChallenge: '1T7aemN8xyz',
  });
  expect(url).toBe(
    'https://oidc.us-east-1.amazonaws.com/authorize?response_type=code&client_id=abc%3D%3D' +
      '&redirect_uri=http%3A%2F%2F127.0.0.1%3A50123%2Foauth%2Fcallback&state=f1c3a9e2-1111-4222-8333-444455556666' +
      '&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess%20codewhisperer%3Acompletions&code_challenge=1T7aemN8xyz',
  );
});

test.each<[string, string]>([
  ['http://127.0.0.1:4566', 'http://127.0.0.1:4566/authorize?'],
  ['https://oidc.example.com/some/prefix/', 'https://oidc.example.com/authorize?'],
])('an endpoint override moves the authorize page to its host: %s', (endpoint, prefix) => {
  const url = buildAuthorizeUrl({ oidcEndpoint: endpoint, clientId: 'c', redirectUri: callbackRedirectUri(1), state: 's', scopes: ['x'], codeChallenge: 'y' });
  expect(url.startsWith(prefix)).toBe(true);
});
