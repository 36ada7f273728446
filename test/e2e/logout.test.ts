// keyrack-cp logout, both artifacts: the SSO Logout call, then exactly the session's token and role-credential
// entries removed; other sessions, other tools' entries and client registrations kept.

import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { getRoleCredentialCacheDir, getRoleCredentialCachePath } from '../../src/credentials/roleCredentialCachePath.ts';
import { getRegistrationCachePath } from '../../src/login/registrationEntry.ts';
import { tokenCacheJson } from '../emulator/index.ts';
import { startDetached } from '../helpers/liveRun.ts';
import { ARTIFACTS, CONFIG, ROOT, Sandbox, START_URL } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';
import { HOST_PLATFORM } from '../helpers/hostPlatform.ts';

const emu = useE2eEmulator();

const OTHER_URL = 'https://d-other.awsapps.com/start';
const TWO_SESSIONS = `${CONFIG}
[profile dev-admin]
sso_session = acme
sso_account_id = 111122223333
sso_role_name = Admin

[profile ops]
sso_session = other
sso_account_id = 111122223333
sso_role_name = ReadOnly

[sso-session other]
sso_start_url = ${OTHER_URL}
sso_region = eu-west-1
`;
const entry = (box: Sandbox, roleName: string, sessionName: string) => getRoleCredentialCachePath(box.home, { accountId: '111122223333', roleName, sessionName }, HOST_PLATFORM);

describe.each(ARTIFACTS)('%s', (_name, cmd) => {
  /** acme signed in with keyrack-cp login (so its registration is cached), other seeded; all three profiles used. */
  async function twoSessions() {
    const box = new Sandbox(emu.url, TWO_SESSIONS);
    const signIn = await startDetached(cmd, ['login', '--sso-session', 'acme'], box.env({ BROWSER: join(ROOT, 'test', 'helpers', 'fakeBrowser.mjs') }), box).done;
    expect(signIn.code).toBe(0);
    const seed = emu.seedLogin({ startUrl: OTHER_URL, region: 'eu-west-1' });
    box.writeToken(tokenCacheJson(seed), 'other');
    for (const profile of ['dev', 'dev-admin', 'ops']) expect((await box.run(cmd, ['--profile', profile])).code).toBe(0);
    // Another tool's entry in the same cache: not ours to remove.
    writeFileSync(join(getRoleCredentialCacheDir(box.home, HOST_PLATFORM), 'assume-role-entry.json'), '{"ProviderType": "assume-role", "Credentials": {}}', { mode: 0o600 });
    const acmeToken = box.readToken().accessToken as string;
    return { box, acmeToken, seed };
  }

  test('one session: Logout at the service, its token and its profiles\' entries removed, nothing else', async () => {
    const { box, acmeToken } = await twoSessions();
    const registration = getRegistrationCachePath(box.home, { name: 'acme', startUrl: START_URL, region: 'us-east-1', registrationScopes: ['sso:account:access'] }, HOST_PLATFORM);
    expect(existsSync(registration)).toBe(true);
    const before = readdirSync(getRoleCredentialCacheDir(box.home, HOST_PLATFORM)).sort();
    expect(before).toHaveLength(4);

    const r = await box.run(cmd, ['logout', '--sso-session', 'acme']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("Signed out of sso-session 'acme': token removed, ended the session at the SSO service.\nRemoved 2 cached role credentials; client registrations kept.\n");
    expect(emu.calls.filter((c) => c.operation === 'Logout').map((c) => c.status)).toEqual([200]);

    expect(existsSync(box.tokenPath('acme'))).toBe(false);
    expect(existsSync(entry(box, 'ReadOnly', 'acme'))).toBe(false);
    expect(existsSync(entry(box, 'Admin', 'acme'))).toBe(false);
    expect(existsSync(box.tokenPath('other'))).toBe(true);
    expect(existsSync(entry(box, 'ReadOnly', 'other'))).toBe(true);
    expect(existsSync(join(getRoleCredentialCacheDir(box.home, HOST_PLATFORM), 'assume-role-entry.json'))).toBe(true);
    expect(existsSync(registration)).toBe(true);

    // The service ended the session: the old token no longer buys credentials, and we ask for a sign-in.
    const after = await box.run(cmd, ['--profile', 'dev']);
    expect(after.code).toBe(3);
    expect(after.stderr).toMatch(/is not logged in.*Run: keyrack-cp login --sso-session acme/);
    const portal = await fetch(`${emu.url}/federation/credentials?account_id=111122223333&role_name=ReadOnly`, { headers: { 'x-amz-sso_bearer_token': acmeToken } });
    expect(portal.status).toBe(401);
    expect((await box.run(cmd, ['--profile', 'ops'])).code).toBe(0);

    const again = await box.run(cmd, ['logout', '--profile', 'dev']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe("Not signed in to sso-session 'acme' (no token file).\nRemoved 0 cached role credentials; client registrations kept.\n");
  });

  test('--all: every token and every SSO role entry, as aws sso logout; registrations and other tools\' entries kept', async () => {
    const { box } = await twoSessions();
    // A token of a session no longer in the config is found by its content, as the CLI does.
    const stray = emu.seedLogin({ startUrl: 'https://gone.awsapps.com/start' });
    box.writeToken(tokenCacheJson(stray, { startUrl: 'https://gone.awsapps.com/start', region: 'us-east-1' }), 'removed-session');
    const r = await box.run(cmd, ['logout', '--all']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^Signed out of .*: token removed, ended the session at the SSO service\.$/gm)).toHaveLength(3);
    expect(r.stdout).toMatch(/Removed 3 cached role credentials; client registrations kept\.\n$/);
    expect(emu.count('Logout')).toBe(3);
    const left = readdirSync(join(box.home, '.aws', 'sso', 'cache')).filter((f) => f.endsWith('.json'));
    expect(left).toHaveLength(1); // the registration
    expect(readdirSync(getRoleCredentialCacheDir(box.home, HOST_PLATFORM))).toEqual(['assume-role-entry.json']);
  });

  test('--all leaves alone what is not a file (a FIFO, a directory) among the caches, and does not hang on it', async () => {
    const { box } = await twoSessions();
    const fifo = join(box.home, '.aws', 'sso', 'cache', 'someone-elses-pipe.json');
    execFileSync('mkfifo', [fifo]);
    mkdirSync(join(getRoleCredentialCacheDir(box.home, HOST_PLATFORM), 'a-directory.json'));
    const r = await box.run(cmd, ['logout', '--all']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout.match(/^Signed out of .*: token removed, ended the session at the SSO service\.$/gm)).toHaveLength(2);
    expect(r.ms).toBeLessThan(5_000);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(getRoleCredentialCacheDir(box.home, HOST_PLATFORM)).sort()).toEqual(['a-directory.json', 'assume-role-entry.json']);
  });

  test('the service unreachable: the files are removed all the same, and exit 1 says the session lives on there', async () => {
    const { box } = await twoSessions();
    const r = await box.run(cmd, ['logout', '--sso-session', 'acme'], { AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Signed out of sso-session 'acme': token removed, could not reach the SSO service to end the session\./);
    expect(r.stderr).toMatch(/^keyrack-cp: sso-session 'acme': signed out on this machine \(token removed\), but the SSO service could not be told to end the session: cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)\./);
    expect(existsSync(box.tokenPath('acme'))).toBe(false);
  });

  test('an expired token: no Logout call (the service would refuse it), the file removed', async () => {
    const seed = emu.seedLogin({ startUrl: START_URL, accessTokenTtlSeconds: -60 });
    const box = new Sandbox(emu.url);
    box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
    const r = await box.run(cmd, ['logout']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/token removed, not told \(its access token has expired, so the service would not accept a Logout\)/);
    expect(emu.count('Logout')).toBe(0);
    expect(existsSync(box.tokenPath())).toBe(false);
  });
});
