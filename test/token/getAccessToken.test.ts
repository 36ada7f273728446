import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import type { SsoSession } from '../../src/config/ssoProfile.ts';
import { KeyrackError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import type { IssuedToken } from '../../src/sso/validateResponses.ts';
import { SsoCallError } from '../../src/sso/ssoCallError.ts';
import { formatAwsTimestamp } from '../../src/token/awsTimestamp.ts';
import { getAccessToken, type TokenDeps } from '../../src/token/getAccessToken.ts';
import { withFileLock } from '../../src/lock/withFileLock.ts';
import { getTokenCachePath } from '../../src/token/tokenCachePath.ts';
import { HOST_PLATFORM } from '../helpers/hostPlatform.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const MIN = 60_000;
const session: SsoSession = { name: 's', startUrl: 'https://d-abc.awsapps.com/start', region: 'us-east-1', registrationScopes: [] };

function setup(minutesLeft: number | null, extra: Record<string, unknown> = {}) {
  const home = mkdtempSync(join(tmpdir(), 'krcp-token-'));
  const path = getTokenCachePath(home, 's', HOST_PLATFORM);
  if (minutesLeft !== null) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(
      path,
      JSON.stringify({
        startUrl: session.startUrl,
        region: 'us-east-1',
        accessToken: 'at-old',
        expiresAt: formatAwsTimestamp(new Date(NOW.getTime() + minutesLeft * MIN)),
        clientId: 'cid',
        clientSecret: 'csecret-value',
        registrationExpiresAt: '2027-01-01T00:00:00Z',
        refreshToken: 'rt-old-value',
        extraField: 'kept',
        ...extra,
      }),
    );
  }
  const lines: string[] = [];
  const calls: string[] = [];
  const deps = (refresh: (grant: { refreshToken: string }) => Promise<IssuedToken>): TokenDeps => ({
    home,
    platform: HOST_PLATFORM,
    now: () => NOW,
    log: createLogger({ debug: true, write: (l) => lines.push(l) }),
    refresh: async (grant) => {
      calls.push(grant.refreshToken);
      return refresh(grant);
    },
    withLock: withFileLock,
  });
  return { home, path, lines, calls, deps };
}

const refreshed: IssuedToken = { accessToken: 'at-new', expiresInSeconds: 3600, refreshToken: 'rt-new-value' };

test('a token with more than 15 minutes left is used with no lock and no refresh', async () => {
  const t = setup(16);
  expect(await getAccessToken(session, t.deps(async () => refreshed))).toBe('at-old');
  expect(t.calls).toEqual([]);
  expect(t.lines.join('')).not.toMatch(/lock/);
});

test('inside the window: refreshed once, written back with every other field, 0600', async () => {
  const t = setup(10);
  expect(await getAccessToken(session, t.deps(async () => refreshed))).toBe('at-new');
  expect(t.calls).toEqual(['rt-old-value']);
  const doc = JSON.parse(readFileSync(t.path, 'utf8'));
  expect(doc).toEqual({
    startUrl: session.startUrl,
    region: 'us-east-1',
    accessToken: 'at-new',
    expiresAt: '2026-11-22T13:00:00Z',
    clientId: 'cid',
    clientSecret: 'csecret-value',
    registrationExpiresAt: '2027-01-01T00:00:00Z',
    refreshToken: 'rt-new-value',
    extraField: 'kept',
  });
  expect(statSync(t.path).mode & 0o777).toBe(0o600);
  expect(t.lines.join('')).not.toMatch(/at-new|rt-new-value|rt-old-value|csecret-value|at-old/);
});

test('concurrent callers in one process: the lock and the re-read make it one refresh', async () => {
  const t = setup(-5);
  const deps = t.deps(() => new Promise((resolve) => setTimeout(() => resolve(refreshed), 100)));
  const tokens = await Promise.all(Array.from({ length: 5 }, () => getAccessToken(session, deps)));
  expect(tokens).toEqual(Array(5).fill('at-new'));
  expect(t.calls).toHaveLength(1);
});

test('refresh refused, token still valid for a while: the cached token is used with a warning', async () => {
  const t = setup(10);
  const token = await getAccessToken(session, t.deps(async () => Promise.reject(new SsoCallError('unauthorized', 'InvalidGrantException (HTTP 400)'))));
  expect(token).toBe('at-old');
  expect(t.lines.join('')).toMatch(/warning: sso-session 's': could not refresh the SSO token \(InvalidGrantException \(HTTP 400\)\); using the cached one, valid for 10m00s/);
});

test.each<[string, SsoCallError, number, RegExp]>([
  ['refused → login needed (3)', new SsoCallError('unauthorized', 'InvalidGrantException (HTTP 400)'), 3, /has expired and the service refused to refresh it.*Run: keyrack-cp login --sso-session s/],
  ['network → failure (1)', new SsoCallError('network', 'cannot reach http://x (ECONNREFUSED)'), 1, /could not be refreshed: cannot reach.*Try again; if it keeps failing, run: keyrack-cp login --sso-session s/],
])('expired token, refresh %s', async (_name, error, exitCode, message) => {
  const t = setup(-1);
  const failure = await getAccessToken(session, t.deps(async () => Promise.reject(error))).catch((e) => e);
  expect(failure).toBeInstanceOf(KeyrackError);
  expect(failure.exitCode).toBe(exitCode);
  expect(failure.describe()).toMatch(message);
});

test('refresh refused because another tool already spent the refresh token: its saved token is used', async () => {
  const t = setup(-1);
  const token = await getAccessToken(
    session,
    t.deps(async () => {
      // What the AWS CLI does without our lock: it refreshes and rewrites the file meanwhile.
      writeFileSync(t.path, JSON.stringify({ accessToken: 'at-cli', expiresAt: formatAwsTimestamp(new Date(NOW.getTime() + 60 * MIN)) }));
      throw new SsoCallError('unauthorized', 'InvalidGrantException (HTTP 400)');
    }),
  );
  expect(token).toBe('at-cli');
});

test.each<[string, number | null, Record<string, unknown>, RegExp]>([
  ['no file', null, {}, /sso-session 's': is not logged in \(there is no cached SSO token\)\. Run: keyrack-cp login --sso-session s/],
  ['expired, no refresh token', -1, { refreshToken: undefined }, /has expired and it holds no refresh token/],
  ['expired, registration expired', -1, { registrationExpiresAt: '2020-01-01T00:00:00Z' }, /registration has expired/],
])('login needed without any call: %s', async (_name, minutes, extra, message) => {
  const t = setup(minutes, extra);
  const failure = await getAccessToken(session, t.deps(async () => refreshed)).catch((e) => e);
  expect(failure.exitCode).toBe(3);
  expect(failure.describe()).toMatch(message);
  expect(t.calls).toEqual([]);
});

test('an unparsable token file is "log in again", naming the file but not its content', async () => {
  const t = setup(null);
  mkdirSync(dirname(t.path), { recursive: true });
  writeFileSync(t.path, '{"accessToken": "at-broken-secret", ');
  const failure = await getAccessToken(session, t.deps(async () => refreshed)).catch((e) => e);
  expect(failure.exitCode).toBe(3);
  expect(failure.describe()).toContain(`the token cache file is not valid JSON (${t.path})`);
  expect(failure.describe()).not.toContain('at-broken-secret');
});

test('a refreshed token that cannot be saved is still used, with one warning and no temp file left', async () => {
  const t = setup(10);
  const token = await getAccessToken(
    session,
    t.deps(async () => {
      // Root ignores permissions, so make the rename itself impossible: a non-empty directory where the file was.
      rmSync(t.path);
      mkdirSync(join(t.path, 'blocker'), { recursive: true });
      return refreshed;
    }),
  );
  expect(token).toBe('at-new');
  const warnings = t.lines.filter((l) => l.includes('warning'));
  expect(warnings).toHaveLength(1);
  expect(warnings[0]).toMatch(/could not save the refreshed SSO token to .* \(EISDIR\); using it for this run only/);
  expect(readdirSync(dirname(t.path)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
});
