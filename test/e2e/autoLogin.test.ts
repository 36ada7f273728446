// --auto-login on the credential_process path (KEYRACK_CP_AUTO_LOGIN=1, as for a whole container), both artifacts:
// one sign-in however many processes need it, the prompt on the controlling terminal, and an immediate exit 3 when
// nobody can be reached.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tokenCacheJson } from '../emulator/index.ts';
import { startDetached, startWithTerminal } from '../helpers/liveRun.ts';
import { playBrowser } from '../helpers/playBrowser.ts';
import { ARTIFACTS, leakedSecrets, ROOT, Sandbox, START_URL } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';

const emu = useE2eEmulator();

const AUTO = { KEYRACK_CP_AUTO_LOGIN: '1' };
const browser = (box: Sandbox) => ({ BROWSER: join(ROOT, 'test', 'helpers', 'fakeBrowser.mjs'), FAKE_BROWSER_LOG: join(box.home, 'browser.log') });
const browserVisits = (box: Sandbox) => {
  const file = join(box.home, 'browser.log');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { path: string; status: number }) : [];
};
const secretsIssued = () => [...emu.issued.tokens.flatMap((t) => [t.accessToken, t.refreshToken]), ...emu.issued.roleCredentials.flatMap((c) => [c.secretAccessKey, c.sessionToken])];

describe.each(ARTIFACTS)('%s', (_name, cmd) => {
  test('eight processes started together with no token: exactly one authorization flow, all eight get credentials', async () => {
    const box = new Sandbox(emu.url);
    const env = box.env({ ...AUTO, ...browser(box) });
    const results = await Promise.all(Array.from({ length: 8 }, () => startDetached(cmd, ['--profile', 'dev'], env, box).done));

    expect(results.map((r) => r.code)).toEqual(Array(8).fill(0));
    const docs = results.map((r) => JSON.parse(r.stdout));
    expect(new Set(docs.map((d) => d.AccessKeyId)).size).toBe(1);
    expect(emu.count('RegisterClient')).toBe(1);
    expect(emu.count('Authorize')).toBe(1);
    expect(emu.count('CreateToken', { grantType: 'authorization_code' })).toBe(1);
    expect(emu.count('CreateToken')).toBe(1);
    expect(emu.count('GetRoleCredentials')).toBe(1);
    expect(browserVisits(box).filter((v) => v.path === '/authorize')).toHaveLength(1);
    // Without a terminal the sign-in's lines go to stderr (shown by an SDK only on failure): one process has them.
    expect(results.filter((r) => /needs a sign-in \(--auto-login\)/.test(r.stderr))).toHaveLength(1);
    expect(leakedSecrets(results.map((r) => r.stderr).join(''), secretsIssued())).toEqual([]);
    expect(Math.max(...results.map((r) => r.ms))).toBeLessThan(15_000);
  });

  test.each([
    ['KEYRACK_CP_AUTO_LOGIN=1', [], AUTO],
    ['--auto-login', ['--auto-login'], {}],
  ])('%s, no terminal and no browser: exit 3 at once, no network call, the command to run named', async (_how, flag, extraEnv) => {
    const box = new Sandbox(emu.url);
    const r = await startDetached(cmd, ['--profile', 'dev', ...flag], box.env(extraEnv), box).done;
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      "keyrack-cp: sso-session 'acme': is not logged in (there is no cached SSO token), and --auto-login cannot sign in here: there is no terminal to show a sign-in code on and no browser to open. Run: keyrack-cp login --sso-session acme\n",
    );
    expect(r.ms).toBeLessThan(3_000);
    expect(emu.calls).toHaveLength(0);
  });

  test('a terminal and no browser: the device code is shown on the terminal, stderr and stdout stay clean', async () => {
    const box = new Sandbox(emu.url);
    const run = startWithTerminal(cmd, ['--profile', 'dev'], box.env(AUTO), box);
    const [, url] = await run.waitFor(/open this URL on any device:\r\n\r\n {2}(http:\/\/\S+\/device\?user_code=[A-Z]{4}-[A-Z]{4})\r\n/);
    await run.waitFor(/\x1b\[2K. Waiting for approval of code [A-Z]{4}-[A-Z]{4}… \d+:\d\d left/); // the live countdown
    await playBrowser(url!);
    const r = await run.done;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(Object.keys(JSON.parse(r.stdout))).toEqual(['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration', 'AccountId']);
    expect(run.tty()).toMatch(/^keyrack-cp: sso-session 'acme' needs a sign-in \(--auto-login\)\.\r\n/);
    expect(run.tty()).toMatch(/keyrack-cp: signed in to sso-session 'acme' until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\.\r\n$/);
    expect(leakedSecrets(run.tty(), secretsIssued())).toEqual([]);
  });

  test('a terminal and a denied sign-in: the reason is shown on the terminal too (an SDK may never show stderr)', async () => {
    emu.denyNextAuthorization();
    const box = new Sandbox(emu.url);
    const run = startWithTerminal(cmd, ['--profile', 'dev'], box.env({ ...AUTO, ...browser(box) }), box);
    const r = await run.done;
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    const reason = "keyrack-cp: sso-session 'acme': the sign-in was not completed in the browser (access_denied). Run: keyrack-cp login --sso-session acme";
    expect(r.stderr).toBe(`${reason}\n`);
    expect(run.tty()).toContain(`${reason}\r\n`);
  });

  test('the session ended at the service (refresh refused): signed in again instead of exit 3', async () => {
    const seed = emu.seedLogin({ startUrl: START_URL, accessTokenTtlSeconds: -60 });
    const box = new Sandbox(emu.url);
    box.writeToken({ ...tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }), refreshToken: 'emu-rt-revoked-by-the-service' });
    const r = await startDetached(cmd, ['--profile', 'dev'], box.env({ ...AUTO, ...browser(box) }), box).done;
    expect(r.code).toBe(0);
    expect(emu.calls.filter((c) => c.operation === 'CreateToken').map((c) => [c.grantType, c.status])).toEqual([['refresh_token', 400], ['authorization_code', 200]]);
    expect(box.readToken().accessToken).toBe(emu.issued.tokens.at(-1)!.accessToken);
  });

  test('without auto-login nothing changes: exit 3 naming keyrack-cp login', async () => {
    const box = new Sandbox(emu.url);
    const r = await startDetached(cmd, ['--profile', 'dev'], box.env(browser(box)), box).done;
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/Run: keyrack-cp login --sso-session acme\n$/);
    expect(emu.calls).toHaveLength(0);
  });
});
