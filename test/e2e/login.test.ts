// keyrack-cp login, both artifacts, against the emulator: the test plays the browser through $BROWSER (a script that
// follows the authorize URL to our callback server) or by visiting the device code's URL the process printed.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { getRegistrationCachePath } from '../../src/login/registrationEntry.ts';
import { startEmulator, tokenCacheJson, type Emulator } from '../emulator/index.ts';
import { eventually, startDetached } from '../helpers/liveRun.ts';
import { playBrowser } from '../helpers/playBrowser.ts';
import { pythonExecutable } from '../helpers/python.ts';
import { ARTIFACTS, leakedSecrets, ROOT, runProcess, Sandbox, START_URL } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';
import { HOST_PLATFORM } from '../helpers/hostPlatform.ts';

const emu = useE2eEmulator();

const FAKE_BROWSER = join(ROOT, 'test', 'helpers', 'fakeBrowser.mjs');
const SESSION = { name: 'acme', startUrl: START_URL, region: 'us-east-1', registrationScopes: ['sso:account:access'] };

/** A sandbox whose browser is the fake one, logging each page it visits. */
function withBrowser(box: Sandbox, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { BROWSER: FAKE_BROWSER, FAKE_BROWSER_LOG: join(box.home, 'browser.log'), ...extra };
}
function browserLog(box: Sandbox): Array<{ host: string; path: string; status: number; body: string }> {
  const file = join(box.home, 'browser.log');
  return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [];
}
const secretsIssued = () => emu.issued.tokens.flatMap((t) => [t.accessToken, t.refreshToken]);

describe.each(ARTIFACTS)('%s', (_name, cmd) => {
  const login = (box: Sandbox, args: string[], env: NodeJS.ProcessEnv) => startDetached(cmd, ['login', ...args], box.env(env), box).done;

  test('PKCE: the browser goes through our callback; botocore reads the token; credential_process then needs no refresh', async () => {
    const box = new Sandbox(emu.url);
    const r = await login(box, ['--profile', 'dev'], withBrowser(box));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Signed in to sso-session 'acme' \(https:\/\/d-abc\.awsapps\.com\/start\): token valid until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, refreshed by keyrack-cp from then on\.\n$/);
    expect(r.stderr).toMatch(/in your browser\. If no browser opens, open this URL on this machine:\n\n {2}http:\/\/127\.0\.0\.1:\d+\/authorize\?response_type=code&client_id=[^&]+&redirect_uri=http%3A%2F%2F127\.0\.0\.1%3A\d+%2Foauth%2Fcallback&state=[0-9a-f-]{36}&code_challenge_method=S256&scopes=sso%3Aaccount%3Aaccess&code_challenge=[A-Za-z0-9_-]{43}\n/);

    const visits = await eventually(() => (browserLog(box).length === 2 ? browserLog(box) : undefined));
    expect(visits.map((v) => [v.path, v.status])).toEqual([['/authorize', 302], ['/oauth/callback', 200]]);
    expect(visits[1]!.host).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(visits[1]!.body).toContain('You can close this tab.');

    const token = box.readToken();
    const issued = emu.issued.tokens.at(-1)!;
    expect(issued.grantType).toBe('authorization_code');
    expect(token).toMatchObject({ startUrl: START_URL, region: 'us-east-1', accessToken: issued.accessToken, refreshToken: issued.refreshToken });
    expect(statSync(box.tokenPath()).mode & 0o777).toBe(0o600);
    const registration = JSON.parse(readFileSync(getRegistrationCachePath(box.home, SESSION, HOST_PLATFORM), 'utf8'));
    expect(registration.grantTypes).toEqual(['authorization_code', 'refresh_token']);
    expect(leakedSecrets(r.stderr + r.stdout + JSON.stringify(visits), [...secretsIssued(), registration.clientSecret])).toEqual([]);

    const seen = await runProcess([pythonExecutable(), join(ROOT, 'test', 'e2e', 'botocore_consumer.py')], ['token', 'dev'], box.env());
    expect(seen.code).toBe(0);
    expect(JSON.parse(seen.stdout).token).toBe(issued.accessToken);

    const creds = await box.run(cmd, ['--profile', 'dev']);
    expect(creds.code).toBe(0);
    expect(JSON.parse(creds.stdout).AccountId).toBe('111122223333');
    expect(emu.count('CreateToken', { grantType: 'refresh_token' })).toBe(0);
    expect(emu.issued.roleCredentials.at(-1)!.accessToken).toBe(issued.accessToken);
  });

  test('a session valid for hours is left alone (said so); --force signs in again, reusing the registration', async () => {
    const seed = emu.seedLogin({ startUrl: START_URL, accessTokenTtlSeconds: 8 * 3600 });
    const box = new Sandbox(emu.url);
    box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
    const calls = emu.calls.length;
    const skipped = await login(box, ['--sso-session', 'acme'], withBrowser(box));
    expect(skipped.code).toBe(0);
    expect(skipped.stdout).toMatch(/^sso-session 'acme' is already signed in: its token is valid for 4\d\dm\d\ds more \(until .*Z\)\. Nothing to do; use --force to sign in again\.\n$/);
    expect(emu.calls.length).toBe(calls);

    expect((await login(box, ['--sso-session', 'acme', '--force'], withBrowser(box))).code).toBe(0);
    expect(emu.count('RegisterClient')).toBe(1);
    const again = await login(box, ['--sso-session', 'acme', '--force', '--debug'], withBrowser(box));
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/reusing the cached client registration/);
    expect(emu.count('RegisterClient')).toBe(1);
    expect(emu.count('CreateToken', { grantType: 'authorization_code' })).toBe(2);
    expect(leakedSecrets(again.stderr, [...secretsIssued(), seed.clientSecret])).toEqual([]);
  });

  test('a callback with the wrong state is refused: exit 3, no code redeemed, no token saved', async () => {
    const box = new Sandbox(emu.url);
    const r = await login(box, ['--profile', 'dev'], withBrowser(box, { FAKE_BROWSER_TAMPER: 'state' }));
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/keyrack-cp: sso-session 'acme': the browser came back with a response that does not belong to this sign-in \(its state does not match\), so it was refused and nothing was saved\. Run: keyrack-cp login --sso-session acme\n$/);
    const visits = await eventually(() => (browserLog(box).length === 2 ? browserLog(box) : undefined));
    expect(visits[1]!.status).toBe(400);
    expect(emu.count('CreateToken')).toBe(0);
    expect(existsSync(box.tokenPath())).toBe(false);
  });

  test('no browser here: the device code flow, polling through authorization_pending and slow_down', async () => {
    const box = new Sandbox(emu.url);
    const run = startDetached(cmd, ['login', '--profile', 'dev'], box.env(), box);
    const [, url, code] = await run.waitFor(/open this URL on any device:\n\n {2}(http:\/\/\S+\/device\?user_code=([A-Z]{4}-[A-Z]{4}))\n\nand check that the page shows the code ([A-Z]{4}-[A-Z]{4})\./);
    const polls = () => emu.calls.filter((c) => c.operation === 'CreateToken');
    await eventually(() => (polls().length >= 1 ? true : undefined));
    emu.inject('CreateToken', { kind: 'error', status: 400, errorType: 'SlowDownException' }, 1);
    await eventually(() => (polls().length >= 2 ? true : undefined), 10_000);
    await playBrowser(url!);
    const r = await run.done;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`the code ${code}`);
    expect(r.stderr).toMatch(/Waiting for approval of code [A-Z]{4}-[A-Z]{4} \(up to 10:00\)…\n/); // plain lines: no terminal
    const [pending, slowDown, approved] = polls();
    expect([pending!.status, slowDown!.status, approved!.status]).toEqual([400, 400, 200]);
    expect(approved!.at - slowDown!.at).toBeGreaterThanOrEqual(5_950);
    expect(emu.count('StartDeviceAuthorization')).toBe(1);
    expect(box.readToken().refreshToken).toMatch(/^emu-rt-/);
    expect(leakedSecrets(r.stderr, secretsIssued())).toEqual([]);
  }, 40_000);

  test('--use-device-code with a browser: its verification page is opened there', async () => {
    const box = new Sandbox(emu.url);
    const r = await login(box, ['--sso-session', 'acme', '--use-device-code'], withBrowser(box));
    expect(r.code).toBe(0);
    expect(browserLog(box).map((v) => v.path)).toEqual(['/device']);
    expect(emu.count('Authorize')).toBe(0);
  });

  test('--no-browser: the URL is printed and no browser is started; opening it by hand signs in', async () => {
    const box = new Sandbox(emu.url);
    const run = startDetached(cmd, ['login', '--profile', 'dev', '--no-browser'], box.env(withBrowser(box)), box);
    const [, url] = await run.waitFor(/open this URL in a browser on this machine:\n\n {2}(http:\/\/\S+)\n/);
    await playBrowser(url!);
    expect((await run.done).code).toBe(0);
    expect(browserLog(box)).toEqual([]);
  });

  test('a denied sign-in is exit 3 and saves nothing', async () => {
    emu.denyNextAuthorization();
    const box = new Sandbox(emu.url);
    const r = await login(box, ['--profile', 'dev'], withBrowser(box));
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/the sign-in was not completed in the browser \(access_denied\)\. Run: keyrack-cp login --sso-session acme\n$/);
    expect(existsSync(box.tokenPath())).toBe(false);
  });

  test('usage errors are exit 2', async () => {
    const box = new Sandbox(emu.url);
    const both = await box.run(cmd, ['login', '--profile', 'dev', '--sso-session', 'acme']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--profile and --sso-session name the same thing two ways/);
    const help = await box.run(cmd, ['login', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: keyrack-cp login \[--profile NAME \| --sso-session NAME\]/);
  });
});

describe('a device code that expires unapproved', () => {
  let short: Emulator;
  beforeAll(async () => {
    short = await startEmulator({ deviceCodeTtlSeconds: 2 });
  });
  afterAll(() => short.close());

  test.each(ARTIFACTS)('%s: exit 3 within seconds, saying so', async (_name, cmd) => {
    const box = new Sandbox(short.url);
    const r = await startDetached(cmd, ['login', '--profile', 'dev', '--use-device-code'], box.env(), box).done;
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/keyrack-cp: sso-session 'acme': the sign-in code expired before it was approved\. Run: keyrack-cp login --sso-session acme\n$/);
    expect(r.ms).toBeLessThan(8_000);
    expect(existsSync(box.tokenPath())).toBe(false);
  });
});
