// Faults a user's machine really has: a process killed mid-refresh, a read-only or full ~/.aws, a cache it may
// not write, and a service that misbehaves. Each must end bounded and clear, with nothing lost.

import { chmodSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { tokenCacheJson, type Fault } from '../emulator/index.ts';
import { ARTIFACTS, leakedSecrets, Sandbox, START_URL, type RunResult } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';
import { bindMount, inMountNamespace, requireLinuxRoot } from '../helpers/mountNamespace.ts';
import { readLockOwner } from '../../src/lock/lockOwner.ts';
import { LOCK_STALE_MS } from '../../src/lock/planLockAttempt.ts';

const emu = useE2eEmulator();

function loggedIn(minutesLeft: number) {
  const seed = emu.seedLogin({ startUrl: START_URL, accessTokenTtlSeconds: minutesLeft * 60 });
  const box = new Sandbox(emu.url);
  box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
  return { box, seed, before: readFileSync(box.tokenPath(), 'utf8') };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(what: string, check: () => boolean, ms = 10_000) {
  for (const started = Date.now(); !check(); await sleep(20)) if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
}
const isStopped = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('T') ?? false;
  } catch {
    return false;
  }
};
const leftovers = (box: Sandbox) => readdirSync(dirname(box.tokenPath())).filter((f) => !f.endsWith('.json') && !f.endsWith('.lock'));

/** Runs as `nobody` in a HOME it may read but not write (the modes loosened just enough to read), a cache it cannot write. */
function runAsAnotherUser(box: Sandbox, cmd: readonly string[]) {
  box.skipModeAudit = true;
  for (const p of [box.home, join(box.home, '.aws'), join(box.home, '.aws', 'sso'), dirname(box.tokenPath())]) chmodSync(p, 0o755);
  chmodSync(box.tokenPath(), 0o644);
  chmodSync(box.configPath, 0o644);
  return box.run(['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', ...cmd], ['--profile', 'dev', '--no-cache']);
}

describe.each(ARTIFACTS)('%s', (_name, cmd) => {
  describe('SIGKILL at each stage of a refresh: the next run succeeds; the token file is the old or the new document', () => {
    test.each([
      ['holding the lock, before the call', 'refresh-lock-held'],
      ['during the call', 'during-call'],
      ['after the temp file is written, before the rename', 'atomic-write-before-rename'],
    ])('%s', async (_stage, point) => {
      const { box, before } = loggedIn(10); // inside the refresh window, still valid
      if (point === 'during-call') emu.inject('CreateToken', { kind: 'delay', ms: 60_000 }, 1);
      const first = box.start(cmd, ['--profile', 'dev'], point === 'during-call' ? {} : { KEYRACK_CP_FAULT_POINT: point });
      if (point === 'during-call') {
        await until('the lock', () => statSync(`${box.tokenPath()}.lock`, { throwIfNoEntry: false }) !== undefined);
        await sleep(1500); // the refresh request is on its way and held by the emulator's delay
      } else {
        await until(`the process to stop at ${point}`, () => isStopped(first.pid));
      }
      process.kill(first.pid, 'SIGKILL');
      expect((await first.done).signal).toBe('SIGKILL');
      if (point === 'during-call') expect(emu.calls.filter((c) => c.operation === 'CreateToken').map((c) => c.status)).toEqual([499]);
      expect(readFileSync(box.tokenPath(), 'utf8')).toBe(before); // never truncated, never half-written

      const next = await box.run(cmd, ['--profile', 'dev']);
      expect(next.code).toBe(0);
      expect(next.ms).toBeLessThan(10_000); // includes taking over the dead process's lock
      const after = JSON.parse(readFileSync(box.tokenPath(), 'utf8'));
      expect(typeof after.accessToken).toBe('string');
      if (point === 'atomic-write-before-rename') {
        // The killed process had spent the one-use refresh token; its result died with it. The cached token
        // still has 10 minutes, so it is used (with a warning) rather than failing the caller.
        expect(next.stderr).toMatch(/could not refresh the SSO token \(InvalidGrantException \(HTTP 400\)\); using the cached one/);
        expect(leftovers(box)).toHaveLength(1); // the dead process's temp file, beside an intact target
      } else {
        expect(next.stderr).toBe('');
        expect(emu.count('CreateToken', { grantType: 'refresh_token' })).toBeGreaterThanOrEqual(1);
      }
    });
  });

  describe('a live holder stopped (SIGSTOP) for longer than the heartbeat rule allows is waited for, never taken over', () => {
    // What emulation (qemu-user), a CPU-limited container or a loaded CI runner does to a holder, at its worst: it
    // stops running. The waiters can see its pid is alive, so its lock's silence must not matter. Taking it over
    // would spend the one-use refresh token a second time (or, at the second stage, refresh with a token already
    // spent while the holder's new one is not yet saved).
    const WAITERS = 8;
    test.each([
      ['holding the lock, before the call', 'refresh-lock-held'],
      ['after the call, before the new token is saved', 'atomic-write-before-rename'],
    ])('%s', async (_stage, point) => {
      const { box } = loggedIn(-5);
      const holder = box.start(cmd, ['--profile', 'dev'], { KEYRACK_CP_FAULT_POINT: point });
      await until(`the holder to stop at ${point}`, () => isStopped(holder.pid));
      let ended = 0;
      const waiters = Array.from({ length: WAITERS }, () => box.run(cmd, ['--profile', 'dev', '--debug']).finally(() => ended++));
      await sleep(LOCK_STALE_MS + 2_000);

      // Stopped all that time, silent, and still its lock: nobody took it over, nobody gave up yet.
      expect(isStopped(holder.pid)).toBe(true);
      expect(readLockOwner(`${box.tokenPath()}.lock`)?.pid).toBe(holder.pid);
      expect(ended).toBe(0);
      expect(emu.count('CreateToken')).toBe(point === 'refresh-lock-held' ? 0 : 1);

      // Resumed, it finishes (the second stage is reached again at the role-credential cache's write: resumed too).
      const resume = setInterval(() => isStopped(holder.pid) && process.kill(holder.pid, 'SIGCONT'), 20);
      let results: RunResult[];
      try {
        results = await Promise.all([holder.done, ...waiters]);
      } finally {
        clearInterval(resume);
      }
      for (const r of results) expect({ code: r.code, signal: r.signal, stdout: r.stdout.length > 0 }).toEqual({ code: 0, signal: null, stdout: true });
      expect(new Set(results.map((r) => JSON.parse(r.stdout).AccessKeyId)).size).toBe(1);
      expect(emu.count('CreateToken', { grantType: 'refresh_token' })).toBe(1);
      expect(emu.count('CreateToken')).toBe(1);
      for (const r of results.slice(1)) {
        expect(r.stderr).toMatch(new RegExp(`waiting for .*\\.lock: another process is doing this work \\(its holder, pid ${holder.pid} on this machine, is running`));
        expect(r.stderr).not.toMatch(/took over|taken over/);
      }
      expect(readdirSync(dirname(box.tokenPath()))).toEqual([box.tokenPath().split('/').pop()]); // no lock, record or set-aside directory left
    }, 40_000);
  });

  describe('read-only ~/.aws (a container bind mount)', () => {
    beforeAll(() => requireLinuxRoot(['unshare', 'mount']));
    const readOnly = (box: Sandbox) => inMountNamespace(bindMount(`${box.home}/.aws`, `${box.home}/.aws`, true), cmd);

    test('a valid token still works, silently', async () => {
      const { box, before } = loggedIn(60);
      const r = await box.run(readOnly(box), ['--profile', 'dev']);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(JSON.parse(r.stdout).AccessKeyId).toMatch(/^ASIA/);
      expect(readFileSync(box.tokenPath(), 'utf8')).toBe(before);
    });

    test('a refreshed token is used although it cannot be saved, with one warning line', async () => {
      const { box, before, seed } = loggedIn(-5);
      const r = await box.run(readOnly(box), ['--profile', 'dev']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).AccessKeyId).toMatch(/^ASIA/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^keyrack-cp: warning: sso-session 'acme': .* is read-only, so the refreshed SSO token serves this run only/);
      expect(leakedSecrets(r.stderr, [seed.accessToken, seed.refreshToken, seed.clientSecret])).toEqual([]);
      expect(readFileSync(box.tokenPath(), 'utf8')).toBe(before);
    });
  });

  describe('a cache keyrack-cp cannot write: refused before the one-use refresh token is spent', () => {
    beforeAll(() => requireLinuxRoot(['unshare', 'mount', 'setpriv']));
    test('full disk, expired token → exit 1, nothing spent, nothing lost', async () => {
      const { box, before } = loggedIn(-5);
      const cache = dirname(box.tokenPath());
      // A 64 KB file system holding the token, then filled: the reservation for the new token cannot be made.
      const setup = [
        `cp -a "${cache}" /tmp/keyrack-cache-copy-$$`,
        `mount -t tmpfs -o size=64k,mode=0700 tmpfs "${cache}"`,
        `cp -a /tmp/keyrack-cache-copy-$$/. "${cache}/" && rm -rf /tmp/keyrack-cache-copy-$$`,
        `dd if=/dev/zero of="${cache}/filler" bs=1k 2>/dev/null || true`,
      ].join('\n');
      const r = await box.run(inMountNamespace(setup, cmd), ['--profile', 'dev']);
      expect([r.code, r.stdout]).toEqual([1, '']);
      expect(r.stderr).toMatch(/^keyrack-cp: sso-session 'acme': the SSO token has expired and cannot be refreshed safely: .* cannot be written \(ENOSPC\), so the new token could not be kept\. Free some disk space, then try again\.\n$/);
      expect(emu.count('CreateToken')).toBe(0);
      expect(readFileSync(box.tokenPath(), 'utf8')).toBe(before); // the tmpfs was private to that run
    });

    test('a cache directory the user may not write, token inside the window → the cached token, one warning', async () => {
      const { box, before } = loggedIn(10);
      const r = await runAsAnotherUser(box, cmd);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/^keyrack-cp: warning: sso-session 'acme': not refreshing the SSO token because .* cannot be written \(EACCES\); using the cached one, valid for 9m\d\ds\n$/);
      expect(emu.count('CreateToken')).toBe(0);
      expect(readFileSync(box.tokenPath(), 'utf8')).toBe(before);
    });

    test('a cache directory the user may not write, expired token → exit 1 naming the directory, nothing spent', async () => {
      const { box, before } = loggedIn(-5);
      const r = await runAsAnotherUser(box, cmd);
      expect([r.code, r.stdout]).toEqual([1, '']);
      expect(r.stderr).toBe(
        `keyrack-cp: sso-session 'acme': the SSO token has expired and cannot be refreshed safely: ${dirname(box.tokenPath())} cannot be written (EACCES), so the new token could not be kept. Make ${dirname(box.tokenPath())} writable for you, then try again.\n`,
      );
      expect(emu.count('CreateToken')).toBe(0);
      expect(readFileSync(box.tokenPath(), 'utf8')).toBe(before);
    });
  });

  describe('the service misbehaves: bounded, clear, exit 1', () => {
    const now = Date.now();
    test.each<[string, Fault, RegExp]>([
      ['malformed JSON', { kind: 'malformed' }, /sent a response that is not what the SSO API returns/],
      ['missing fields', { kind: 'json', body: { roleCredentials: { accessKeyId: 'ASIAX', expiration: now + 3_600_000 } } }, /answered GetRoleCredentials without secretAccessKey, sessionToken/],
      ['expiration in seconds', { kind: 'json', body: { roleCredentials: { accessKeyId: 'ASIAX', secretAccessKey: 's'.repeat(40), sessionToken: 't'.repeat(40), expiration: Math.floor(now / 1000) + 3600 } } }, /returned role credentials that had already expired \(1970-/],
      ['already-expired credentials', { kind: 'json', body: { roleCredentials: { accessKeyId: 'ASIAX', secretAccessKey: 's'.repeat(40), sessionToken: 't'.repeat(40), expiration: now - 60_000 } } }, /had already expired/],
      ['connection reset', { kind: 'reset' }, /cannot reach .* \(ECONNRESET\)|no answer from/],
    ])('%s', async (_name, fault, message) => {
      const { box } = loggedIn(60);
      emu.inject('GetRoleCredentials', fault);
      const r = await box.run(cmd, ['--profile', 'dev']);
      expect([r.code, r.stdout]).toEqual([1, '']);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.ms).toBeLessThan(25_000);
    });

    test('a response slower than our bound: aborted at the deadline, not hung', async () => {
      const { box } = loggedIn(60);
      emu.inject('GetRoleCredentials', { kind: 'delay', ms: 120_000 });
      const r = await box.run(cmd, ['--profile', 'dev']);
      expect([r.code, r.stdout]).toEqual([1, '']);
      expect(r.stderr).toMatch(/no answer from http:\/\/127\.0\.0\.1:\d+ in time/);
      expect(r.ms).toBeGreaterThan(15_000);
      expect(r.ms).toBeLessThan(25_000); // CALL_DEADLINE_MS is 20 s, retries included
    }, 40_000);
  });
});
