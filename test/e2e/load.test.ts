// Load: 32 and 64 processes of each built artifact started together on every credential path, every result checked.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { tokenCacheJson, type SeededLogin } from '../emulator/index.ts';
import { credentialsOf } from '../helpers/credentialDocument.ts';
import { ARTIFACTS, CONFIG, Sandbox, START_URL, type RunResult } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';

const SIZES = [32, 64] as const;

/**
 * A batch that hits a lock timeout takes at least the lock's 30 s wait; 20 s is far above what a healthy batch of 64
 * takes on a loaded 2-core machine (the times are printed at the end), and still well below that wait.
 */
const BATCH_LIMIT_MS = 20_000;

/** Two sso-sessions, one profile each, so a mixed batch exercises two locks and two refreshes side by side. */
const TWO_SESSIONS = `${CONFIG}
[profile ops]
sso_session = beta
sso_account_id = 111122223333
sso_role_name = Admin

[sso-session beta]
sso_start_url = https://d-beta.awsapps.com/start
sso_region = us-east-1
sso_registration_scopes = sso:account:access
`;

const emu = useE2eEmulator();
const times: string[] = [];
const fileStarted = Date.now();
afterAll(() => {
  // The numbers for the report: one line per batch, then the whole file.
  console.log(`load batches (wall time, slowest process):\n${times.join('\n')}\nwhole file: ${Date.now() - fileStarted} ms`);
});

function loggedIn(box: Sandbox, minutesLeft: number, session = 'acme', startUrl = START_URL): SeededLogin {
  const seed = emu.seedLogin({ startUrl, region: 'us-east-1', accessTokenTtlSeconds: minutesLeft * 60 });
  box.writeToken(tokenCacheJson(seed, { startUrl, region: 'us-east-1' }), session);
  return seed;
}

/** Starts `n` processes in one synchronous loop (so they really overlap) and waits for all of them. */
async function batch(label: string, box: Sandbox, cmd: readonly string[], n: number, argsOf: (i: number) => string[]) {
  const started = Date.now();
  const results = await Promise.all(Array.from({ length: n }, (_, i) => box.run(cmd, argsOf(i))));
  const ms = Date.now() - started;
  const slowest = Math.max(...results.map((r) => r.ms));
  times.push(`  ${label.padEnd(58)} ${String(ms).padStart(6)} ms  (slowest process ${slowest} ms)`);
  // No lock timeout: that would cost one process at least the lock's 30 s wait.
  expect(ms, `${label}: batch wall time`).toBeLessThan(BATCH_LIMIT_MS);
  for (const r of results) expect(r.stderr, 'a lock message on stderr').not.toMatch(/lock/i);
  return results;
}

/** Every process printed the same document, and it is the one the emulator issued (`issuedIndex`). */
function expectAllSame(results: readonly RunResult[], issuedIndex = 0): string {
  const docs = results.map(credentialsOf);
  expect(new Set(results.map((r) => r.stdout)).size).toBe(1);
  const issued = emu.issued.roleCredentials[issuedIndex]!;
  expect(docs[0]!.AccessKeyId).toBe(issued.accessKeyId);
  return results[0]!.stdout;
}

/** Nothing half-done is left: no temp file, no lock directory, and every cache file is a whole JSON document. */
function expectNoDebris(box: Sandbox): void {
  const left: string[] = [];
  const torn: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      const rel = relative(box.home, path);
      if (/\.(tmp|lock)$/.test(entry.name)) left.push(rel);
      if (entry.isDirectory()) visit(path);
      else if (/^\.aws\/(sso|cli)\/cache\/[^/]+\.json$/.test(rel)) {
        try {
          JSON.parse(readFileSync(path, 'utf8'));
        } catch {
          torn.push(rel);
        }
      }
    }
  };
  visit(box.home);
  expect(left, 'temp files or lock directories left behind').toEqual([]);
  expect(torn, 'cache files that are not whole JSON documents').toEqual([]);
}

/** After a refresh: the token file is a whole document, 0600, holding what the refresh issued for `seed`'s client. */
function expectRefreshedTokenFile(box: Sandbox, seed: SeededLogin, session = 'acme'): void {
  const refreshes = emu.issued.tokens.filter((t) => t.grantType === 'refresh_token' && t.clientId === seed.clientId);
  expect(refreshes, `refreshes of sso-session '${session}'`).toHaveLength(1);
  const doc = box.readToken(session);
  expect(Object.keys(doc)).toEqual(Object.keys(tokenCacheJson(seed)));
  expect(doc.accessToken).toBe(refreshes[0]!.accessToken);
  expect(doc.refreshToken).toBe(refreshes[0]!.refreshToken);
  expect(doc.refreshToken).not.toBe(seed.refreshToken);
  expect(doc.clientSecret).toBe(seed.clientSecret);
  expect(new Date(doc.expiresAt as string).getTime()).toBeGreaterThan(Date.now() + 30 * 60_000);
  expect(statSync(box.tokenPath(session)).mode & 0o777).toBe(0o600);
}

/** Exit 3, nothing on stdout, one paragraph on stderr naming the login command. */
function expectLoginNeeded(r: RunResult, why: RegExp): void {
  expect({ code: r.code, signal: r.signal, stdout: r.stdout }).toEqual({ code: 3, signal: null, stdout: '' });
  expect(r.stderr).toMatch(/^keyrack-cp: sso-session 'acme': [^\n]+\. Run: keyrack-cp login --sso-session acme\n$/);
  expect(r.stderr).toMatch(why);
}

describe.each(ARTIFACTS)('%s', (artifact, cmd) => {
  describe.each(SIZES)('%i processes at once', (n) => {
    const label = (path: string) => `${artifact}, ${n}×, ${path}`;

    test('cached: every process prints the cached credentials, no network call', async () => {
      const box = new Sandbox(emu.url);
      loggedIn(box, 60);
      const warm = credentialsOf(await box.run(cmd, ['--profile', 'dev']));
      const callsBefore = emu.calls.length;
      const results = await batch(label('cached'), box, cmd, n, () => ['--profile', 'dev']);
      expect(expectAllSame(results)).toBe(`${JSON.stringify(warm)}\n`);
      expect(emu.calls.length).toBe(callsBefore);
      expectNoDebris(box);
    });

    test('token valid, cache empty: one GetRoleCredentials for all (single flight), no CreateToken', async () => {
      const box = new Sandbox(emu.url);
      const seed = loggedIn(box, 60);
      const results = await batch(label('token valid'), box, cmd, n, () => ['--profile', 'dev']);
      expectAllSame(results);
      expect(emu.count('GetRoleCredentials')).toBe(1);
      expect(emu.count('CreateToken')).toBe(0);
      expect(emu.issued.roleCredentials[0]!.accessToken).toBe(seed.accessToken);
      expectNoDebris(box);
    });

    test('expired and refreshable, cache empty: one refresh, one GetRoleCredentials, the rotated token saved whole', async () => {
      const box = new Sandbox(emu.url);
      const seed = loggedIn(box, -5);
      const results = await batch(label('expired, refreshable'), box, cmd, n, () => ['--profile', 'dev']);
      expectAllSame(results);
      expect(emu.count('CreateToken', { grantType: 'refresh_token' })).toBe(1);
      expect(emu.count('CreateToken')).toBe(1);
      expect(emu.count('GetRoleCredentials')).toBe(1);
      expectRefreshedTokenFile(box, seed);
      // The role credentials were bought with the refreshed token, not the expired one.
      expect(emu.issued.roleCredentials[0]!.accessToken).toBe(box.readToken().accessToken);
      expectNoDebris(box);
    });

    test('login needed, no token: all exit 3 at once, no network call', async () => {
      const box = new Sandbox(emu.url);
      const results = await batch(label('login needed, no token'), box, cmd, n, () => ['--profile', 'dev']);
      for (const r of results) expectLoginNeeded(r, /is not logged in \(there is no cached SSO token\)/);
      expect(emu.calls).toHaveLength(0);
      // No process took the lock (which would have made the token's directory) or waited on anything: each costs its
      // start-up only (under 5 s for the slowest of 64 on 2 busy cores), so 10 s catches a wait or a retry.
      expect(existsSync(dirname(box.tokenPath()))).toBe(false);
      expect(Math.max(...results.map((r) => r.ms))).toBeLessThan(10_000);
      expectNoDebris(box);
    });

    test('login needed, expired token without refresh fields: all exit 3 at once, no network call', async () => {
      const box = new Sandbox(emu.url);
      const seed = emu.seedLogin({ startUrl: START_URL, region: 'us-east-1', accessTokenTtlSeconds: -300 });
      const { clientId: _c, clientSecret: _s, registrationExpiresAt: _r, refreshToken: _t, ...bare } = tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' });
      box.writeToken(bare);
      const dirBefore = statSync(dirname(box.tokenPath())).mtimeMs;
      const results = await batch(label('login needed, expired without refresh'), box, cmd, n, () => ['--profile', 'dev']);
      for (const r of results) expectLoginNeeded(r, /the SSO token has expired and it holds no refresh token/);
      expect(emu.calls).toHaveLength(0);
      // Nothing to refresh, so nobody takes the lock: a lock or temp file made there would have changed the directory.
      expect(statSync(dirname(box.tokenPath())).mtimeMs).toBe(dirBefore);
      expect(Math.max(...results.map((r) => r.ms))).toBeLessThan(10_000);
      expect(box.readToken()).toEqual(bare);
      expectNoDebris(box);
    });

    test('two sso-sessions, processes split across them on expired tokens: one refresh per session', async () => {
      const box = new Sandbox(emu.url, TWO_SESSIONS);
      const acme = loggedIn(box, -5, 'acme');
      const beta = loggedIn(box, -5, 'beta', 'https://d-beta.awsapps.com/start');
      const profileOf = (i: number) => (i % 2 === 0 ? 'dev' : 'ops');
      const results = await batch(label('two sessions, expired, refreshable'), box, cmd, n, (i) => ['--profile', profileOf(i)]);
      const byProfile = { dev: [] as RunResult[], ops: [] as RunResult[] };
      results.forEach((r, i) => byProfile[profileOf(i)].push(r));
      for (const group of Object.values(byProfile)) {
        group.forEach(credentialsOf);
        expect(new Set(group.map((r) => r.stdout)).size).toBe(1);
      }
      expect(byProfile.dev[0]!.stdout).not.toBe(byProfile.ops[0]!.stdout);
      expect(emu.count('CreateToken', { grantType: 'refresh_token' })).toBe(2);
      expect(emu.count('GetRoleCredentials')).toBe(2);
      expectRefreshedTokenFile(box, acme, 'acme');
      expectRefreshedTokenFile(box, beta, 'beta');
      // Each profile's credentials came from its own session's refreshed token.
      const issuedFor = (stdout: string) => emu.issued.roleCredentials.find((c) => c.accessKeyId === JSON.parse(stdout).AccessKeyId)!;
      expect(issuedFor(byProfile.dev[0]!.stdout).accessToken).toBe(box.readToken('acme').accessToken);
      expect(issuedFor(byProfile.ops[0]!.stdout).accessToken).toBe(box.readToken('beta').accessToken);
      expectNoDebris(box);
    });
  });
});
