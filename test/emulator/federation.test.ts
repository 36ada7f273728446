// The federation endpoint over real HTTP: getSigninToken only for role credentials the emulator issued (GET and POST,
// as peers call it), SessionDuration refused as AWS refuses it with role credentials, and the login redirect.

import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startEmulator, type Emulator, type IssuedRoleCredentials } from './index.ts';
import { SIGNIN_TOKEN_TTL_MS } from './federation.ts';
import { bearer, request } from './request.ts';

const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
let now = T0;
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ now: () => now });
});
afterAll(() => emu.close());
beforeEach(() => {
  now = T0;
  emu.reset();
});

async function roleCredentials(): Promise<IssuedRoleCredentials> {
  const { accessToken } = emu.seedLogin();
  const reply = await request(emu.url, 'GET', '/federation/credentials?role_name=ReadOnly&account_id=111122223333', { headers: bearer(accessToken) });
  expect(reply.status).toBe(200);
  return emu.issued.roleCredentials.at(-1)!;
}

const session = (c: Pick<IssuedRoleCredentials, 'accessKeyId' | 'secretAccessKey' | 'sessionToken'>) =>
  JSON.stringify({ sessionId: c.accessKeyId, sessionKey: c.secretAccessKey, sessionToken: c.sessionToken });

const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
const post = (params: Record<string, string>) =>
  request(emu.url, 'POST', '/federation', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form(params) });
const get = (params: Record<string, string>) => request(emu.url, 'GET', `/federation?${form(params)}`);

describe('getSigninToken', () => {
  test('by POST (a form body) and by GET (the query), each a new token of its own, logged as GetSigninToken', async () => {
    const creds = await roleCredentials();
    const byPost = await post({ Action: 'getSigninToken', Session: session(creds) });
    const byGet = await get({ Action: 'getSigninToken', Session: session(creds) });
    for (const reply of [byPost, byGet]) {
      expect(reply.status).toBe(200);
      expect(reply.headers['content-type']).toBe('application/json');
      expect(Object.keys(reply.json())).toEqual(['SigninToken']);
      expect(reply.json().SigninToken).toMatch(/^emu-sg-[A-Za-z0-9_-]{64}$/);
    }
    expect(byPost.json().SigninToken).not.toBe(byGet.json().SigninToken);
    expect(emu.issued.signinTokens.map((t) => [t.accessKeyId, t.accountId, t.roleName])).toEqual([
      [creds.accessKeyId, '111122223333', 'ReadOnly'],
      [creds.accessKeyId, '111122223333', 'ReadOnly'],
    ]);
    expect(emu.calls.filter((c) => c.path === '/federation').map((c) => [c.operation, c.method, c.status])).toEqual([
      ['GetSigninToken', 'POST', 200],
      ['GetSigninToken', 'GET', 200],
    ]);
  });

  test.each([
    ['no Session', () => ({ Action: 'getSigninToken' }), 'Missing Session'],
    ['a Session that is not JSON', () => ({ Action: 'getSigninToken', Session: '{' }), 'Session is not JSON'],
    ['a Session without its token', (c: IssuedRoleCredentials) => ({ Action: 'getSigninToken', Session: JSON.stringify({ sessionId: c.accessKeyId, sessionKey: c.secretAccessKey }) }), 'Session needs sessionId, sessionKey and sessionToken'],
    ['another secret key', (c: IssuedRoleCredentials) => ({ Action: 'getSigninToken', Session: session({ ...c, secretAccessKey: 'x'.repeat(40) }) }), 'The credentials in Session are not valid'],
    ['another session token', (c: IssuedRoleCredentials) => ({ Action: 'getSigninToken', Session: session({ ...c, sessionToken: 'emu-st-forged' }) }), 'The credentials in Session are not valid'],
    ['an access key it never issued', (c: IssuedRoleCredentials) => ({ Action: 'getSigninToken', Session: session({ ...c, accessKeyId: 'ASIAEMUNOTISSUED0000' }) }), 'The credentials in Session are not valid'],
    ['SessionDuration with role credentials (aws-vault#77)', (c: IssuedRoleCredentials) => ({ Action: 'getSigninToken', SessionDuration: '3600', Session: session(c) }), 'SessionDuration is not accepted with role credentials'],
    ['another Action', (c: IssuedRoleCredentials) => ({ Action: 'getSigninTokens', Session: session(c) }), 'Unknown Action'],
  ])('400 with a line of text for %s; nothing issued', async (_name, params, why) => {
    const creds = await roleCredentials();
    const reply = await post(params(creds));
    expect([reply.status, reply.headers['content-type'], reply.text]).toEqual([400, 'text/plain; charset=utf-8', `${why}\n`]);
    expect(emu.issued.signinTokens).toHaveLength(0);
  });

  test('role credentials past their expiration are refused', async () => {
    const creds = await roleCredentials();
    now = creds.expiration;
    expect((await post({ Action: 'getSigninToken', Session: session(creds) })).text).toBe('The credentials in Session have expired\n');
  });
});

describe('Action=login', () => {
  const DESTINATION = 'https://us-west-2.console.aws.amazon.com/console/home?region=us-west-2';

  async function signinToken(): Promise<string> {
    return (await post({ Action: 'getSigninToken', Session: session(await roleCredentials()) })).json().SigninToken;
  }

  test('a live sign-in token redirects to the destination (302, Location as given), until 15 minutes have passed', async () => {
    const token = await signinToken();
    const login = () => get({ Action: 'login', Issuer: 'https://d-abc.awsapps.com/start', Destination: DESTINATION, SigninToken: token });
    const reply = await login();
    expect([reply.status, reply.headers.location]).toEqual([302, DESTINATION]);
    now = T0 + SIGNIN_TOKEN_TTL_MS - 1;
    expect((await login()).status).toBe(302);
    now = T0 + SIGNIN_TOKEN_TTL_MS;
    expect([(await login()).status, (await login()).text]).toEqual([400, 'The SigninToken has expired\n']);
    expect(emu.calls.filter((c) => c.operation === 'FederationLogin').map((c) => c.status)).toEqual([302, 302, 400, 400]);
  });

  test.each([
    ['a sign-in token it did not issue', { SigninToken: 'emu-sg-forged', Destination: DESTINATION }, 'Invalid SigninToken'],
    ['no destination', { Destination: '' }, 'Missing or invalid Destination'],
    ['an http destination', { Destination: 'http://console.aws.amazon.com/' }, 'Destination must be an https URL'],
  ])('400 for %s', async (_name, override, why) => {
    const token = await signinToken();
    const reply = await get({ Action: 'login', SigninToken: token, ...override });
    expect([reply.status, reply.text]).toEqual([400, `${why}\n`]);
  });
});
