// The sign-in flows in-process against the emulator: real SSO-OIDC calls, a real callback server, and a browser
// played by following the authorize URL's redirects.

import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type { SsoSession } from '../../src/config/ssoProfile.ts';
import { KeyrackError } from '../../src/errors.ts';
import type { FlowChoice } from '../../src/login/chooseLoginFlow.ts';
import { logIn } from '../../src/login/logIn.ts';
import type { LoginDeps } from '../../src/login/deps.ts';
import { createLoginUi } from '../../src/login/ui.ts';
import { createOidcCalls } from '../../src/sso/oidcCalls.ts';
import { getRegistrationCachePath } from '../../src/login/registrationEntry.ts';
import { createLogger } from '../../src/log.ts';
import { getTokenCachePath } from '../../src/token/tokenCachePath.ts';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { leakedSecrets } from '../helpers/sandbox.ts';
import { playBrowser, type Visit } from '../helpers/playBrowser.ts';
import { HOST_PLATFORM } from '../helpers/hostPlatform.ts';
import { delay } from '../../src/login/delay.ts';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const session: SsoSession = { name: 'acme', startUrl: 'https://d-abc.awsapps.com/start', region: 'us-east-1', registrationScopes: [] };
const PKCE: FlowChoice & { flow: 'pkce' } = { flow: 'pkce', openBrowser: true, deviceFallback: true, why: 'test' };
const DEVICE: FlowChoice & { flow: 'device' } = { flow: 'device', openBrowser: false, why: 'test' };

interface Harness {
  readonly home: string;
  readonly deps: LoginDeps;
  /** Everything the user was shown, and every log line (--debug on). */
  readonly said: string[];
  readonly lines: string[];
  /** The browser's walk, once it was opened. */
  browsing: Promise<Visit[]> | null;
}

/** `browser`: what opening a URL does. `onSay`: reacts to what the user is shown (approving a device code). */
function harness(options: { browser?: 'follow' | 'tamper' | 'fails'; onSay?: (text: string) => void; url?: string } = {}, home = mkdtempSync(join(tmpdir(), 'krcp-login-'))): Harness {
  const said: string[] = [];
  const lines: string[] = [];
  const log = createLogger({ debug: true, write: (l) => lines.push(l) });
  const h: Harness = {
    home,
    said,
    lines,
    browsing: null,
    deps: {
      home,
      platform: HOST_PLATFORM,
      now: () => new Date(),
      log,
      ui: createLoginUi({ isTerminal: false, write: (t) => { said.push(t); options.onSay?.(t); } }, () => new Date()),
      oidc: createOidcCalls(options.url ?? emu.url, 'us-east-1'),
      openBrowser: async (url) => {
        if (options.browser === 'fails') return false;
        h.browsing = playBrowser(url, { tamperState: options.browser === 'tamper' });
        return true;
      },
      randomBytes: (n) => randomBytes(n),
      randomUUID: () => randomUUID(),
      delay,
    },
  };
  return h;
}

/** The verification URL of a device code the user was shown, visited once: the user approving on another device. */
function approveDeviceCodes(delayMs = 0) {
  return (text: string) => {
    const url = /(http:\/\/\S+\/device\?user_code=[A-Z-]+)/.exec(text)?.[1];
    if (url) setTimeout(() => void playBrowser(url), delayMs);
  };
}

async function failureOf(promise: Promise<unknown>): Promise<KeyrackError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(KeyrackError);
  return error as KeyrackError;
}

test('PKCE: registers keyrack-cp, the browser comes back to our callback, the token is saved as the CLI saves it', async () => {
  const h = harness({ browser: 'follow' });
  const done = await logIn({ session, oidcEndpoint: emu.url, choice: PKCE }, h.deps);
  const visits = await h.browsing!;

  expect(visits.map((v) => [v.path, v.status])).toEqual([['/authorize', 302], ['/oauth/callback', 200]]);
  expect(visits[1]!.host).toMatch(/^127\.0\.0\.1:\d+$/);
  expect(visits[1]!.body).toContain('You can close this tab.');

  const issued = emu.issued.tokens.at(-1)!;
  expect(issued.grantType).toBe('authorization_code');
  expect(done).toMatchObject({ accessToken: issued.accessToken, refreshable: true, flow: 'pkce' });
  const file = getTokenCachePath(h.home, 'acme', HOST_PLATFORM);
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  expect(Object.keys(doc)).toEqual(['startUrl', 'region', 'accessToken', 'expiresAt', 'clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken']);
  expect(doc).toMatchObject({ startUrl: session.startUrl, region: 'us-east-1', accessToken: issued.accessToken, refreshToken: issued.refreshToken, clientId: issued.clientId });
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);

  const registration = JSON.parse(readFileSync(getRegistrationCachePath(h.home, session, HOST_PLATFORM), 'utf8'));
  expect(registration).toMatchObject({ clientId: issued.clientId, scopes: ['sso:account:access'], grantTypes: ['authorization_code', 'refresh_token'] });
  expect(emu.count('RegisterClient')).toBe(1);
  expect(emu.count('Authorize')).toBe(1);
  expect(emu.count('CreateToken', { grantType: 'authorization_code' })).toBe(1);

  // The browser never sees a token; the user and the log never see a secret.
  const secrets = [issued.accessToken, issued.refreshToken, registration.clientSecret];
  expect(leakedSecrets(visits.map((v) => v.body).join(''), secrets)).toEqual([]);
  expect(leakedSecrets(h.said.join('') + h.lines.join(''), secrets)).toEqual([]);
  expect(h.said.join('')).toMatch(/in your browser\. If no browser opens, open this URL on this machine:\n\n {2}http:\/\/127\.0\.0\.1:\d+\/authorize\?response_type=code&client_id=/);
});

test('a second sign-in reuses the cached registration: no RegisterClient call', async () => {
  const first = harness({ browser: 'follow' });
  await logIn({ session, oidcEndpoint: emu.url, choice: PKCE }, first.deps);
  await first.browsing;
  const again = harness({ browser: 'follow' }, first.home);
  await logIn({ session, oidcEndpoint: emu.url, choice: PKCE }, again.deps);
  await again.browsing;
  expect(emu.count('RegisterClient')).toBe(1);
  expect(emu.count('CreateToken', { grantType: 'authorization_code' })).toBe(2);
  expect(again.lines.join('')).toMatch(/reusing the cached client registration/);
});

test('a response with the wrong state is refused: exit 3, no code redeemed, nothing saved', async () => {
  const h = harness({ browser: 'tamper' });
  const error = await failureOf(logIn({ session, oidcEndpoint: emu.url, choice: PKCE }, h.deps));
  expect(error.exitCode).toBe(3);
  expect(error.describe()).toMatch(/does not belong to this sign-in \(its state does not match\), so it was refused and nothing was saved\. Run: keyrack-cp login --sso-session acme/);
  const visits = await h.browsing!;
  expect(visits.at(-1)!.status).toBe(400);
  expect(emu.count('CreateToken')).toBe(0);
  expect(existsSync(getTokenCachePath(h.home, 'acme', HOST_PLATFORM))).toBe(false);
});

test('denied in the browser: exit 3 naming the OAuth error', async () => {
  emu.denyNextAuthorization();
  const h = harness({ browser: 'follow' });
  const error = await failureOf(logIn({ session, oidcEndpoint: emu.url, choice: PKCE }, h.deps));
  expect(error.exitCode).toBe(3);
  expect(error.describe()).toMatch(/not completed in the browser \(access_denied\)/);
  expect(existsSync(getTokenCachePath(h.home, 'acme', HOST_PLATFORM))).toBe(false);
});

test('no browser could be opened: the device code flow takes over, and that registration replaces the cached one', async () => {
  const h = harness({ browser: 'fails', onSay: approveDeviceCodes() });
  const done = await logIn({ session, oidcEndpoint: emu.url, choice: PKCE }, h.deps);
  expect(done.flow).toBe('device');
  expect(h.said.join('')).toMatch(/No browser could be opened, so here is a sign-in code instead/);
  expect(emu.count('Authorize')).toBe(0);
  expect(emu.count('RegisterClient')).toBe(2); // one per flow: they share the CLI's cache key
  const registration = JSON.parse(readFileSync(getRegistrationCachePath(h.home, session, HOST_PLATFORM), 'utf8'));
  expect(registration.grantTypes).toBeUndefined();
  expect(JSON.parse(readFileSync(getTokenCachePath(h.home, 'acme', HOST_PLATFORM), 'utf8')).refreshToken).toMatch(/^emu-rt-/);
});

test('no browser and nobody to show a code to (auto-login without a terminal): exit 3 at once', async () => {
  const h = harness({ browser: 'fails' });
  const error = await failureOf(logIn({ session, oidcEndpoint: emu.url, choice: { ...PKCE, deviceFallback: false } }, h.deps));
  expect(error.exitCode).toBe(3);
  expect(error.describe()).toMatch(/no browser could be opened for the sign-in, and there is no terminal to show a sign-in code on/);
  expect(emu.count('StartDeviceAuthorization')).toBe(0);
});

test('device code: authorization_pending, then slow_down adds 5 s to the interval, then the token', async () => {
  const h = harness();
  const polls = () => emu.calls.filter((c) => c.operation === 'CreateToken');
  const run = logIn({ session, oidcEndpoint: emu.url, choice: DEVICE }, h.deps);
  await until(() => polls().length === 1); // pending: nobody has approved yet
  emu.inject('CreateToken', { kind: 'error', status: 400, errorType: 'SlowDownException' }, 1);
  await until(() => polls().length === 2);
  const url = /(http:\/\/\S+\/device\?user_code=[A-Z-]+)/.exec(h.said.join(''))![1]!;
  await playBrowser(url);
  const done = await run;

  const [pending, slowDown, approved] = polls();
  expect([pending!.status, slowDown!.status, approved!.status]).toEqual([400, 400, 200]);
  expect(slowDown!.at - pending!.at).toBeGreaterThanOrEqual(950); // the emulator's 1 s interval
  expect(slowDown!.at - pending!.at).toBeLessThan(3_000);
  expect(approved!.at - slowDown!.at).toBeGreaterThanOrEqual(5_950); // 1 s + 5 s
  expect(done).toMatchObject({ flow: 'device', refreshable: true });
  expect(h.said.join('')).toMatch(/open this URL on any device:\n\n {2}http:\/\/127\.0\.0\.1:\d+\/device\?user_code=[A-Z]{4}-[A-Z]{4}\n\nand check that the page shows the code [A-Z]{4}-[A-Z]{4}\./);
  expect(h.lines.join('')).toMatch(/CreateToken: slow-down; the service asked us to poll more slowly, next poll in 6 s/);
}, 30_000);

test.each<[string, () => void, RegExp]>([
  ['expired_token', () => emu.inject('CreateToken', { kind: 'error', status: 400, errorType: 'ExpiredTokenException' }, 1), /the sign-in code expired before it was approved/],
  ['access_denied', () => emu.inject('CreateToken', { kind: 'error', status: 400, errorType: 'AccessDeniedException' }, 1), /the sign-in request was denied in the browser/],
])('device code: %s ends the sign-in with exit 3', async (_name, fault, message) => {
  fault();
  const h = harness();
  const error = await failureOf(logIn({ session, oidcEndpoint: emu.url, choice: DEVICE }, h.deps));
  expect(error.exitCode).toBe(3);
  expect(error.describe()).toMatch(message);
  expect(emu.count('CreateToken')).toBe(1);
});

test('device code denied by the user at the verification page: exit 3', async () => {
  emu.denyNextAuthorization();
  const h = harness({ onSay: approveDeviceCodes() });
  const error = await failureOf(logIn({ session, oidcEndpoint: emu.url, choice: DEVICE }, h.deps));
  expect(error.describe()).toMatch(/denied in the browser/);
});

test('a cached registration the service no longer knows is replaced before the user is asked anything', async () => {
  const h = harness({ onSay: approveDeviceCodes() });
  const path = getRegistrationCachePath(h.home, session, HOST_PLATFORM);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '{"clientId": "emu-client-gone", "clientSecret": "gone-secret-123", "expiresAt": "2099-01-01T00:00:00Z", "scopes": ["sso:account:access"]}');
  await logIn({ session, oidcEndpoint: emu.url, choice: DEVICE }, h.deps);
  expect(emu.calls.filter((c) => c.operation === 'StartDeviceAuthorization').map((c) => c.status)).toEqual([401, 200]);
  expect(emu.count('RegisterClient')).toBe(1);
  expect(JSON.parse(readFileSync(path, 'utf8')).clientId).not.toBe('emu-client-gone');
});

test('the service unreachable: exit 1 with the step and the command to retry', async () => {
  const h = harness({ url: 'http://127.0.0.1:9' });
  const error = await failureOf(logIn({ session, oidcEndpoint: 'http://127.0.0.1:9', choice: DEVICE }, h.deps));
  expect(error.exitCode).toBe(1);
  expect(error.describe()).toMatch(/RegisterClient failed: cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)\. Check the network connection.*keyrack-cp login --sso-session acme/);
});

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
