// Fidelity with botocore, the reference consumer: with a token cache file written from seedLogin and the SSO
// endpoints pointed at the emulator, botocore resolves an sso-session profile, and refreshes a nearly expired token.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { botocoreCredentials, botocorePortal } from './botocore.ts';
import { awsTimestamp, startEmulator, tokenCacheFileName, tokenCacheJson, writeTokenCache, type Emulator } from './index.ts';
import { bearer, request } from './request.ts';

const START_URL = 'https://d-abc.awsapps.com/start';
const CONFIG = `[sso-session s]
sso_start_url = ${START_URL}
sso_region = us-east-1

[profile p]
sso_session = s
sso_account_id = 111122223333
sso_role_name = ReadOnly
`;

let emu: Emulator;
let home: string;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
  emu.reset();
  home = mkdtempSync(join(tmpdir(), 'emu-botocore-'));
  mkdirSync(join(home, '.aws'));
  writeFileSync(join(home, '.aws', 'config'), CONFIG);
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

const resolveProfile = () => botocoreCredentials({ home, profile: 'p', endpoint: emu.url });

describe('botocore against the emulator', () => {
  test('the token cache file is sha1("s").json, written as the CLI writes it: one line, Python separators, 0600', () => {
    expect(tokenCacheFileName('s')).toBe('a0f1490a20d0211c997b44bc357e1972deab8ae3.json');
    const seed = emu.seedLogin({ startUrl: START_URL });
    const path = writeTokenCache(home, 's', tokenCacheJson(seed));
    expect(path).toBe(join(home, '.aws', 'sso', 'cache', 'a0f1490a20d0211c997b44bc357e1972deab8ae3.json'));
    expect(readFileSync(path, 'utf8')).toBe(
      `{"startUrl": "${START_URL}", "region": "us-east-1", "accessToken": "${seed.accessToken}", ` +
      `"expiresAt": "${awsTimestamp(seed.expiresAt)}", "clientId": "${seed.clientId}", "clientSecret": "${seed.clientSecret}", ` +
      `"registrationExpiresAt": "${awsTimestamp(seed.registrationExpiresAt)}", "refreshToken": "${seed.refreshToken}"}`,
    );
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(awsTimestamp(new Date(Date.UTC(2026, 10, 22, 9, 31, 31, 987)))).toBe('2026-11-22T09:31:31Z');
  });

  test('resolves the sso-session profile with the cached token and gets the emulator\'s role credentials', async () => {
    const seed = emu.seedLogin({ startUrl: START_URL });
    writeTokenCache(home, 's', tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));

    const run = await resolveProfile();
    expect(run.code).toBe(0);
    const issued = emu.issued.roleCredentials;
    expect(issued).toHaveLength(1);
    expect(run.result).toEqual({ access_key: issued[0]?.accessKeyId, secret_key: issued[0]?.secretAccessKey, token: issued[0]?.sessionToken });
    expect(issued[0]).toMatchObject({ accountId: '111122223333', roleName: 'ReadOnly', accessToken: seed.accessToken });
    expect(emu.count('CreateToken')).toBe(0); // an hour left: nothing to refresh
  });

  test('with 10 minutes left it refreshes once through CreateToken and rewrites the file with the rotated tokens', async () => {
    const seed = emu.seedLogin({ startUrl: START_URL, accessTokenTtlSeconds: 10 * 60 });
    const path = writeTokenCache(home, 's', tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));

    const run = await resolveProfile();
    expect(run.code).toBe(0);
    expect(emu.count('CreateToken', { grantType: 'refresh_token' })).toBe(1);
    expect(emu.count('CreateToken')).toBe(1);
    const refreshed = emu.issued.tokens.find((t) => t.grantType === 'refresh_token');
    expect(refreshed?.refreshToken).toMatch(/^emu-rt-/);

    // botocore writes a brand-new dict (reference §4.1): the new access token, expiry and rotated refresh token.
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual({
      startUrl: START_URL,
      region: 'us-east-1',
      accessToken: refreshed?.accessToken,
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      clientId: seed.clientId,
      clientSecret: seed.clientSecret,
      registrationExpiresAt: awsTimestamp(seed.registrationExpiresAt),
      refreshToken: refreshed?.refreshToken,
    });
    const written = JSON.parse(readFileSync(path, 'utf8')) as { expiresAt: string };
    expect(Math.abs(Date.parse(written.expiresAt) - (refreshed?.expiresAt.getTime() ?? 0))).toBeLessThan(5_000);
    const issued = emu.issued.roleCredentials;
    expect(issued).toHaveLength(1);
    expect(issued[0]?.accessToken).toBe(refreshed?.accessToken); // the credentials came from the new token
    expect(run.result).toEqual({ access_key: issued[0]?.accessKeyId, secret_key: issued[0]?.secretAccessKey, token: issued[0]?.sessionToken });
  });

  test('a 401 from GetRoleCredentials is UnauthorizedSSOTokenError to botocore: it read the error type', async () => {
    const seed = emu.seedLogin({ startUrl: START_URL });
    writeTokenCache(home, 's', tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
    emu.reset(); // the emulator forgets the token the file holds

    const run = await resolveProfile();
    expect(run.code).toBe(1);
    expect(run.result.error).toBe('UnauthorizedSSOTokenError');
    expect(emu.calls).toEqual([expect.objectContaining({ operation: 'GetRoleCredentials', status: 401 })]);
  });
});

describe("botocore's SSO client on the list operations, and the federation endpoint called from Python", () => {
  test('its paginators walk every page of ListAccounts and ListAccountRoles, retrying throttled pages (429)', async () => {
    for (let i = 0; i < 5; i++) emu.assign(`2000000000${String(i).padStart(2, '0')}`, 'ReadOnly', { accountName: `acct-${i}` });
    for (const role of ['Admin', 'Billing', 'Dev']) emu.assign('200000000001', role);
    const { accessToken } = emu.seedLogin();
    // Real throttling on the role listings, and two injected 429s on the account pages.
    emu.throttle('ListAccountRoles', { perSecond: 10, burst: 2 });
    emu.inject('ListAccounts', { kind: 'error', status: 429, errorType: 'TooManyRequestsException' }, 2);
    const run = await botocorePortal({ home, endpoint: emu.url }, ['list', emu.url, accessToken, '2']);
    expect(run.stderr).toBe('');
    expect(run.result).toEqual({
      accounts: ['111122223333', '200000000000', '200000000001', '200000000002', '200000000003', '200000000004'],
      roles: {
        '111122223333': ['ReadOnly', 'Admin'],
        '200000000000': ['ReadOnly'],
        '200000000001': ['ReadOnly', 'Admin', 'Billing', 'Dev'],
        '200000000002': ['ReadOnly'],
        '200000000003': ['ReadOnly'],
        '200000000004': ['ReadOnly'],
      },
      pages: { accounts: 3, roles: 7 },
    });
    const statuses = (op: string) => emu.calls.filter((c) => c.operation === op).map((c) => c.status);
    expect(statuses('ListAccounts')).toEqual([429, 429, 200, 200, 200]);
    expect(statuses('ListAccountRoles').filter((s) => s === 200)).toHaveLength(7);
    expect(statuses('ListAccountRoles').every((s) => s === 200 || s === 429)).toBe(true);
    expect(statuses('ListAccountRoles')).toContain(429); // seven calls in well under the 500 ms the bucket needs
  });

  test('a form POST of the role credentials gets a sign-in token, and its login URL redirects to the destination', async () => {
    const { accessToken } = emu.seedLogin();
    expect((await request(emu.url, 'GET', '/federation/credentials?role_name=ReadOnly&account_id=111122223333', { headers: bearer(accessToken) })).status).toBe(200);
    const creds = emu.issued.roleCredentials[0]!;
    const run = await botocorePortal({ home, endpoint: emu.url }, ['federation', `${emu.url}/federation`, creds.accessKeyId, creds.secretAccessKey, creds.sessionToken]);
    expect(run.result).toEqual({ status: 200, login: 302, location: 'https://console.aws.amazon.com/' });
    expect(emu.calls.map((c) => [c.operation, c.method, c.status])).toEqual([
      ['GetRoleCredentials', 'GET', 200], ['GetSigninToken', 'POST', 200], ['FederationLogin', 'GET', 302],
    ]);
  });
});
