// The linux-arm64 executable, run under qemu-aarch64-static against the emulator: a smoke pass over the paths a user
// takes (cached, token valid, a refresh shared by processes started together, a legacy profile, login, export,
// logout). Each run costs about a second of emulation, so the full end-to-end suite stays on the host's own file.

import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { afterAll, expect, test } from 'vitest';
import { getRoleCredentialCachePath } from '../../src/credentials/roleCredentialCachePath.ts';
import { tokenCacheJson } from '../emulator/index.ts';
import { credentialsOf } from '../helpers/credentialDocument.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';
import { startDetached } from '../helpers/liveRun.ts';
import { underQemu } from '../helpers/platforms.ts';
import { playBrowser } from '../helpers/playBrowser.ts';
import { EXE, Sandbox, START_URL, type RunResult } from '../helpers/sandbox.ts';

const emu = useE2eEmulator();
const ARM64 = underQemu();

/** Processes started together on one expired token: enough to contend for the lock, few enough for 2 cores to emulate. */
const TOGETHER = 8;

const times: string[] = [];
const fileStarted = Date.now();
afterAll(() => console.log(`linux-arm64 under qemu (wall time):\n${times.join('\n')}\nwhole file: ${Date.now() - fileStarted} ms`));
async function timed<T extends RunResult>(label: string, run: Promise<T>): Promise<T> {
  const r = await run;
  times.push(`  ${label.padEnd(52)} ${String(r.ms).padStart(6)} ms`);
  return r;
}

function loggedIn(minutesLeft: number) {
  const seed = emu.seedLogin({ startUrl: START_URL, region: 'us-east-1', accessTokenTtlSeconds: minutesLeft * 60 });
  const box = new Sandbox(emu.url);
  box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
  return { box, seed };
}
const roleCacheEntry = (box: Sandbox) => getRoleCredentialCachePath(box.home, { accountId: '111122223333', roleName: 'ReadOnly', sessionName: 'acme' }, 'linux'); // the file the arm64 Linux executable writes

test('token valid: one GetRoleCredentials with the cached token, no CreateToken', async () => {
  const { box, seed } = loggedIn(60);
  const doc = credentialsOf(await timed('token valid', box.run(ARM64, ['--profile', 'dev'])));
  const [issued] = emu.issued.roleCredentials;
  expect(doc).toMatchObject({ AccessKeyId: issued!.accessKeyId, SecretAccessKey: issued!.secretAccessKey, SessionToken: issued!.sessionToken });
  expect(issued!.accessToken).toBe(seed.accessToken);
  expect(emu.count('CreateToken')).toBe(0);
  expect(statSync(roleCacheEntry(box)).mode & 0o777).toBe(0o600);
});

test('role credentials cached: the same document again, no network call', async () => {
  const { box } = loggedIn(60);
  const first = credentialsOf(await box.run(ARM64, ['--profile', 'dev']));
  const calls = emu.calls.length;
  const again = await timed('cached', box.run(ARM64, ['--profile', 'dev']));
  expect(credentialsOf(again)).toEqual(first);
  expect(emu.calls).toHaveLength(calls);
});

test(`${TOGETHER} processes on an expired token: exactly one CreateToken under the lock, all ${TOGETHER} served the same credentials`, async () => {
  const { box, seed } = loggedIn(-5);
  const started = Date.now();
  const results = await Promise.all(Array.from({ length: TOGETHER }, () => box.run(ARM64, ['--profile', 'dev'])));
  times.push(`  ${`${TOGETHER} together, expired token (slowest ${Math.max(...results.map((r) => r.ms))} ms)`.padEnd(52)} ${String(Date.now() - started).padStart(6)} ms`);
  const stderrs = results.map((r, i) => `process ${i}: exit ${r.code}, stderr ${JSON.stringify(r.stderr)}`).join('\n');
  // A second CreateToken means a process took a live holder's lock for a dead one's and refreshed again.
  expect(emu.calls.filter((c) => c.operation === 'CreateToken').map((c) => `${c.grantType} ${c.status}`), stderrs).toEqual(['refresh_token 200']);
  expect(emu.count('GetRoleCredentials'), stderrs).toBe(1);
  results.forEach(credentialsOf);
  expect(new Set(results.map((r) => r.stdout)).size).toBe(1);
  const [refreshed] = emu.issued.tokens.filter((t) => t.grantType === 'refresh_token');
  expect(box.readToken()).toMatchObject({ accessToken: refreshed!.accessToken, refreshToken: refreshed!.refreshToken, clientSecret: seed.clientSecret });
  expect(emu.issued.roleCredentials[0]!.accessToken).toBe(refreshed!.accessToken);
}, 120_000);

test('a legacy profile is refused: exit 2, the migration built from its own values, word for word what the x64 file says', async () => {
  const box = new Sandbox(emu.url, '[profile old]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = Admin\n');
  const r = await timed('legacy profile', box.run(ARM64, ['--profile', 'old']));
  expect([r.code, r.stdout]).toEqual([2, '']);
  expect(r.stderr).toMatch(/^keyrack-cp: profile 'old': uses the legacy SSO configuration[\s\S]*\n {2}\[sso-session acme\]\n {2}sso_start_url = https:\/\/acme\.awsapps\.com\/start\n {2}sso_region = eu-west-1\n[\s\S]*\n {2}sso_session = acme\n[\s\S]*then run: keyrack-cp login --sso-session acme /);
  expect(r.stderr).toBe((await box.run([EXE], ['--profile', 'old'])).stderr);
  expect(emu.calls).toHaveLength(0);
});

test('login --use-device-code: the code printed, approved in the browser, the token saved; credentials then need no refresh', async () => {
  const box = new Sandbox(emu.url);
  const login = startDetached(ARM64, ['login', '--sso-session', 'acme', '--use-device-code'], box.env(), box);
  const [, url, code] = await login.waitFor(/open this URL on any device:\n\n {2}(http:\/\/\S+\/device\?user_code=([A-Z]{4}-[A-Z]{4}))\n/, 30_000);
  const visits = await playBrowser(url!);
  expect(visits.map((v) => [v.path, v.status])).toEqual([['/device', 200]]);
  const r = await timed('login --use-device-code (until approved and saved)', login.done);
  expect(r.code).toBe(0);
  expect(r.stderr).toContain(`the page shows the code ${code}`);
  expect(r.stdout).toMatch(/^Signed in to sso-session 'acme' \(https:\/\/d-abc\.awsapps\.com\/start\): token valid until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, refreshed by keyrack-cp from then on\.\n$/);
  expect(emu.count('StartDeviceAuthorization')).toBe(1);
  const issued = emu.issued.tokens.at(-1)!;
  expect(issued.grantType).toBe('urn:ietf:params:oauth:grant-type:device_code');
  expect(box.readToken()).toMatchObject({ startUrl: START_URL, region: 'us-east-1', accessToken: issued.accessToken, refreshToken: issued.refreshToken });
  expect(statSync(box.tokenPath()).mode & 0o777).toBe(0o600);

  credentialsOf(await box.run(ARM64, ['--profile', 'dev']));
  expect(emu.issued.roleCredentials.at(-1)!.accessToken).toBe(issued.accessToken);
  expect(emu.count('CreateToken', { grantType: 'refresh_token' })).toBe(0);
}, 90_000);

test('export --format env, evaluated by bash: exactly the credentials the process format prints', async () => {
  const { box } = loggedIn(60);
  const doc = credentialsOf(await box.run(ARM64, ['export', '--profile', 'dev']));
  const r = await timed('export --format env', box.run(ARM64, ['export', '--profile', 'dev', '--format', 'env']));
  expect([r.code, r.stderr]).toEqual([0, '']);
  const shell = spawnSync('bash', ['-c', 'eval "$1"; sh -c \'printf "%s\\n" "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$AWS_CREDENTIAL_EXPIRATION"\'', 'bash', r.stdout], { encoding: 'utf8' });
  expect(shell.stdout.split('\n').slice(0, 4)).toEqual([doc.AccessKeyId, doc.SecretAccessKey, doc.SessionToken, doc.Expiration]);
  expect(emu.count('GetRoleCredentials')).toBe(1); // the second run was served from the role-credential cache
});

test('logout: the session ended at the service, its token and role credentials removed; the next run asks for a login', async () => {
  const { box } = loggedIn(60);
  credentialsOf(await box.run(ARM64, ['--profile', 'dev']));
  expect(existsSync(roleCacheEntry(box))).toBe(true);
  const r = await timed('logout', box.run(ARM64, ['logout', '--sso-session', 'acme']));
  expect([r.code, r.stderr]).toEqual([0, '']);
  expect(r.stdout).toBe("Signed out of sso-session 'acme': token removed, ended the session at the SSO service.\nRemoved 1 cached role credential; client registrations kept.\n");
  expect(emu.calls.filter((c) => c.operation === 'Logout').map((c) => c.status)).toEqual([200]);
  expect(existsSync(box.tokenPath())).toBe(false);
  expect(existsSync(roleCacheEntry(box))).toBe(false);

  const after = await box.run(ARM64, ['--profile', 'dev']);
  expect([after.code, after.stdout]).toEqual([3, '']);
  expect(after.stderr).toMatch(/is not logged in.*Run: keyrack-cp login --sso-session acme\n$/);
});
