// getAccessToken with --auto-login: when the session needs a sign-in, one caller runs it under the session's lock.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect, test } from 'vitest';
import type { SsoSession } from '../../src/config/ssoProfile.ts';
import { KeyrackError, loginNeeded } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import { SsoCallError } from '../../src/sso/ssoCallError.ts';
import { formatAwsTimestamp } from '../../src/token/awsTimestamp.ts';
import { getAccessToken, type AutoLogin, type TokenDeps } from '../../src/token/getAccessToken.ts';
import { withFileLock, type LockOptions } from '../../src/lock/withFileLock.ts';
import { getTokenCachePath } from '../../src/token/tokenCachePath.ts';
import { HOST_PLATFORM } from '../helpers/hostPlatform.ts';

const session: SsoSession = { name: 's', startUrl: 'https://d-abc.awsapps.com/start', region: 'us-east-1', registrationScopes: [] };
const MIN = 60_000;

function setup(token: { minutesLeft: number; refreshable: boolean } | null) {
  const home = mkdtempSync(join(tmpdir(), 'krcp-autologin-'));
  const path = getTokenCachePath(home, 's', HOST_PLATFORM);
  const write = (accessToken: string, minutesLeft: number, refreshable = true) => {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, JSON.stringify({
      accessToken,
      expiresAt: formatAwsTimestamp(new Date(Date.now() + minutesLeft * MIN)),
      ...(refreshable ? { clientId: 'cid', clientSecret: 'csecret-value', registrationExpiresAt: '2099-01-01T00:00:00Z', refreshToken: 'rt-old-value' } : {}),
    }));
  };
  if (token) write('at-old', token.minutesLeft, token.refreshable);
  const events: string[] = [];
  const lockOptions: Array<LockOptions | undefined> = [];
  const deps = (login: AutoLogin | undefined, refresh: TokenDeps['refresh'] = async () => Promise.reject(new SsoCallError('unauthorized', 'InvalidGrantException (HTTP 400)'))): TokenDeps => ({
    home,
    platform: HOST_PLATFORM,
    now: () => new Date(),
    log: createLogger({ debug: false, write: () => undefined }),
    refresh,
    withLock: (target, subject, log, work, options) => {
      events.push('lock');
      lockOptions.push(options);
      return withFileLock(target, subject, log, work, options);
    },
    ...(login ? { login } : {}),
  });
  /** A sign-in that takes `ms`, then saves a token, as logIn does. */
  const signIn = (ms: number, outcome: 'ok' | 'fail' = 'ok'): AutoLogin => ({
    lockWaitMs: 60_000,
    prepare: async (reason) => {
      events.push(`prepare: ${reason}`);
      return async () => {
        events.push('sign-in');
        await new Promise((r) => setTimeout(r, ms));
        if (outcome === 'fail') throw loginNeeded("sso-session 's'", 'the sign-in request was denied in the browser', 'Run: keyrack-cp login --sso-session s');
        write('at-signed-in', 60);
        return 'at-signed-in';
      };
    },
  });
  return { deps, signIn, events, lockOptions };
}

test('not signed in: prepared before the lock, signed in under it, with the sign-in\'s long lock wait', async () => {
  const t = setup(null);
  expect(await getAccessToken(session, t.deps(t.signIn(10)))).toBe('at-signed-in');
  expect(t.events).toEqual(['prepare: is not logged in (there is no cached SSO token)', 'lock', 'sign-in']);
  expect(t.lockOptions).toEqual([{ waitMs: 60_000 }]);
});

test('nobody to reach (no terminal, no browser): exit 3 at once, no lock, no wait', async () => {
  const t = setup(null);
  const unreachable: AutoLogin = {
    lockWaitMs: 60_000,
    prepare: async () => {
      throw loginNeeded("sso-session 's'", 'is not logged in, and --auto-login cannot sign in here', 'Run: keyrack-cp login --sso-session s');
    },
  };
  const error = await getAccessToken(session, t.deps(unreachable)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(KeyrackError);
  expect((error as KeyrackError).exitCode).toBe(3);
  expect(t.events).toEqual([]);
});

test('eight callers at once: one sign-in, every caller gets its token', async () => {
  const t = setup(null);
  const login = t.signIn(300);
  const tokens = await Promise.all(Array.from({ length: 8 }, () => getAccessToken(session, t.deps(login))));
  expect(tokens).toEqual(Array(8).fill('at-signed-in'));
  expect(t.events.filter((e) => e === 'sign-in')).toHaveLength(1);
});

test('a sign-in that fails is not followed by one per waiting caller: the waiters give up with exit 3', async () => {
  const t = setup(null);
  const login = t.signIn(300, 'fail');
  const results = await Promise.all(Array.from({ length: 4 }, () => getAccessToken(session, t.deps(login)).catch((e: KeyrackError) => e)));
  expect(t.events.filter((e) => e === 'sign-in')).toHaveLength(1);
  const messages = results.map((r) => (r as KeyrackError).describe());
  expect(messages.filter((m) => /denied in the browser/.test(m))).toHaveLength(1);
  expect(messages.filter((m) => /another keyrack-cp process held the session's lock meanwhile and left no usable token, so this one does not start a second sign-in/.test(m))).toHaveLength(3);
  expect(results.every((r) => (r as KeyrackError).exitCode === 3)).toBe(true);
});

test('an expired token whose refresh the service refuses (the session ended): signed in instead of exit 3', async () => {
  const t = setup({ minutesLeft: -5, refreshable: true });
  expect(await getAccessToken(session, t.deps(t.signIn(10)))).toBe('at-signed-in');
  expect(t.events).toEqual(['lock', 'prepare: the SSO token has expired and the service refused to refresh it (InvalidGrantException (HTTP 400))', 'sign-in']);
});

test('a refresh that fails on the network is not a reason to sign in: exit 1', async () => {
  const t = setup({ minutesLeft: -5, refreshable: true });
  const error = await getAccessToken(session, t.deps(t.signIn(10), async () => Promise.reject(new SsoCallError('network', 'cannot reach http://x (ECONNREFUSED)')))).catch((e: KeyrackError) => e);
  expect((error as KeyrackError).exitCode).toBe(1);
  expect(t.events).not.toContain('sign-in');
});

test('a valid token never reaches the sign-in, and without --auto-login nothing changes', async () => {
  const valid = setup({ minutesLeft: 30, refreshable: false });
  expect(await getAccessToken(session, valid.deps(valid.signIn(10)))).toBe('at-old');
  expect(valid.events).toEqual([]);
  const off = setup(null);
  const error = await getAccessToken(session, off.deps(undefined)).catch((e: KeyrackError) => e);
  expect((error as KeyrackError).describe()).toBe("sso-session 's': is not logged in (there is no cached SSO token). Run: keyrack-cp login --sso-session s");
  expect(off.lockOptions).toEqual([]);
});
