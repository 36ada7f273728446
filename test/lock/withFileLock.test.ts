// The lock's I/O against a real temporary directory (real mkdir, rename, rm), with a fake clock and an instant
// sleep: nothing here waits in real time.

import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { KeyrackError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import { LOCK_OWNER_FILE, lockOwnerText, readLockOwner, type LockIdentity, type LockOwner } from '../../src/lock/lockOwner.ts';
import { LOCK_STALE_MS, LOCK_UPDATE_MS, LOCK_WAIT_MS, type ProcessProbe } from '../../src/lock/planLockAttempt.ts';
import type { LockIo } from '../../src/lock/lockIo.ts';
import { withFileLock, type LockOptions } from '../../src/lock/withFileLock.ts';

const SELF: LockIdentity = { pid: 100, host: 'box', bootId: 'boot', pidNamespace: 'pid:[1]', startTime: '1' };
const OTHER: LockOwner = { ...SELF, pid: 200, startTime: '2', nonce: 'other-holder' };

const GONE: ProcessProbe = { kind: 'gone' };
const ZOMBIE: ProcessProbe = { kind: 'exited' };
const RUNNING: ProcessProbe = { kind: 'running', startTime: '2' };
const REUSED: ProcessProbe = { kind: 'running', startTime: '99' };
const UNVERIFIABLE: ProcessProbe = { kind: 'running', startTime: null };

/** Our own pid is always running (two locks in one test process); the other holder's is what the row says. */
function fakeIo(other: ProcessProbe | ((pid: number) => ProcessProbe) = RUNNING, onSleep?: (slept: number) => void) {
  // Whole seconds, so the mtimes set through utimes compare exactly on every file system.
  const clock = { t: Math.floor(Date.now() / 1000) * 1000, start: 0 };
  clock.start = clock.t;
  let seed = 7;
  const sleeps: number[] = [];
  const ticks: Array<() => void> = [];
  let stopped = 0;
  const io: LockIo = {
    now: () => clock.t,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock.t += ms;
      onSleep?.(sleeps.length);
      await new Promise((r) => setImmediate(r)); // instant, but other tasks of the test get their turn
    },
    // A seeded generator: nonces differ at each acquisition, and every run of the test is the same.
    random: () => ((seed = (seed * 48271) % 2147483647) / 2147483647),
    self: () => SELF,
    probe: (pid) => (pid === SELF.pid ? { kind: 'running', startTime: SELF.startTime } : typeof other === 'function' ? other(pid) : other),
    every: (ms, tick) => {
      expect(ms).toBe(LOCK_UPDATE_MS);
      ticks.push(tick);
      return () => void stopped++;
    },
  };
  return { io, clock, sleeps, ticks, elapsed: () => clock.t - clock.start, stopped: () => stopped };
}

function sandbox() {
  const dir = mkdtempSync(join(tmpdir(), 'krcp-lock-'));
  const target = join(dir, 'token.json');
  return { dir, target, lockPath: `${target}.lock` };
}

function debugLog() {
  const lines: string[] = [];
  return { lines, log: createLogger({ debug: true, write: (line) => lines.push(line) }) };
}

/** A lock left by another process: its record (or none, or junk) and its last sign of life `silentMs` ago. */
function heldLock(lockPath: string, record: LockOwner | string | null, silentMs: number, now: number): void {
  mkdirSync(lockPath);
  if (record !== null) writeFileSync(join(lockPath, LOCK_OWNER_FILE), typeof record === 'string' ? record : lockOwnerText(record));
  const t = (now - silentMs) / 1000;
  utimesSync(lockPath, t, t);
}

const HOUR = 3_600_000;

type Outcome = { readonly ran: true; readonly elapsedMs: readonly [number, number] } | { readonly ran: false; readonly elapsedMs: readonly [number, number] };

test.each<[string, LockOwner | string | null, ProcessProbe, number, LockOptions, Outcome]>([
  ['holder exited: taken over at once', OTHER, GONE, 0, {}, { ran: true, elapsedMs: [0, 0] }],
  ['holder a zombie: taken over at once', OTHER, ZOMBIE, 0, {}, { ran: true, elapsedMs: [0, 0] }],
  ['holder pid running with another start time, fresh: the heartbeat rule', OTHER, REUSED, 0, {}, { ran: true, elapsedMs: [LOCK_STALE_MS, LOCK_STALE_MS + 350] }],
  ['holder pid running with another start time, silent for a minute: taken over at once', OTHER, REUSED, 60_000, {}, { ran: true, elapsedMs: [0, 0] }],
  ['holder alive, silent for an hour (stopped, starved): waited for, then given up on at 30 s', OTHER, RUNNING, HOUR, {}, { ran: false, elapsedMs: [LOCK_WAIT_MS, LOCK_WAIT_MS + 350] }],
  ['holder alive, a custom wait', OTHER, RUNNING, 0, { waitMs: 300 }, { ran: false, elapsedMs: [300, 400] }],
  ['holder in another pid namespace, fresh: taken over once silent for 5 s', { ...OTHER, pidNamespace: 'pid:[2]' }, RUNNING, 0, {}, { ran: true, elapsedMs: [LOCK_STALE_MS, LOCK_STALE_MS + 350] }],
  ['holder on another machine, silent for a minute: taken over at once', { ...OTHER, bootId: 'elsewhere', host: 'far' }, RUNNING, 60_000, {}, { ran: true, elapsedMs: [0, 0] }],
  ['holder alive but unverifiable (no start time), fresh: the heartbeat rule', OTHER, UNVERIFIABLE, 1_000, {}, { ran: true, elapsedMs: [LOCK_STALE_MS - 1_000, LOCK_STALE_MS - 1_000 + 350] }],
  ['no record (an older keyrack-cp, or one mid-write), fresh: the heartbeat rule', null, GONE, 0, {}, { ran: true, elapsedMs: [LOCK_STALE_MS, LOCK_STALE_MS + 350] }],
  ['a junk record, silent for an hour: taken over at once', '{"pid":', GONE, HOUR, {}, { ran: true, elapsedMs: [0, 0] }],
  ['no record, fresh, a custom wait shorter than the heartbeat: given up on', null, GONE, 0, { waitMs: 1_000 }, { ran: false, elapsedMs: [1_000, 1_100] }],
])('%s', async (_name, record, probe, silentMs, options, outcome) => {
  const { dir, target, lockPath } = sandbox();
  const fake = fakeIo(probe);
  heldLock(lockPath, record, silentMs, fake.clock.t);
  const result = await withFileLock(target, "sso-session 'acme'", debugLog().log, async (held) => {
    // Ours now, with our own record.
    expect(readLockOwner(lockPath)).toMatchObject({ pid: SELF.pid, host: SELF.host, startTime: SELF.startTime });
    return held;
  }, options, fake.io).catch((e: unknown) => e);
  expect(fake.elapsed()).toBeGreaterThanOrEqual(outcome.elapsedMs[0]);
  expect(fake.elapsed()).toBeLessThanOrEqual(outcome.elapsedMs[1]);
  if (outcome.ran) {
    expect(result).toEqual({ waited: true });
    expect(readdirSync(dir), 'no lock, no record, no directory set aside').toEqual([]);
  } else {
    expect(result).toBeInstanceOf(KeyrackError);
    expect((result as KeyrackError).exitCode).toBe(1);
    expect((result as KeyrackError).describe()).toMatch(
      new RegExp(`^sso-session 'acme': another process has held the lock .*token\\.json\\.lock for more than ${Math.round((options.waitMs ?? LOCK_WAIT_MS) / 1000)} seconds\\. If no other keyrack-cp is running, remove that directory and try again\\.$`),
    );
    // The holder's lock is untouched.
    expect(readdirSync(dir)).toEqual(['token.json.lock']);
    expect(readLockOwner(lockPath)?.nonce ?? null).toBe(typeof record === 'object' && record ? record.nonce : null);
  }
});

test.each<[string, (lockPath: string, dir: string) => void]>([
  ['a file where the lock belongs', (lockPath) => writeFileSync(lockPath, 'junk')],
  ['a dangling link where the lock belongs', (lockPath) => symlinkSync('/nonexistent', lockPath)],
  ['a link to a directory where the lock belongs', (lockPath, dir) => (mkdirSync(join(dir, 'elsewhere')), symlinkSync(join(dir, 'elsewhere'), lockPath))],
])('%s: the work runs unlocked at once, the junk is left alone', async (_name, make) => {
  const { dir, target, lockPath } = sandbox();
  make(lockPath, dir);
  const fake = fakeIo();
  const { lines, log } = debugLog();
  expect(await withFileLock(target, 's', log, async (held) => held, {}, fake.io)).toEqual({ waited: false });
  expect(fake.elapsed()).toBe(0);
  expect(lstatSync(lockPath).isDirectory()).toBe(false);
  expect(lines.join('')).toMatch(/token\.json\.lock is not a lock directory; going on without the lock/);
});

test('a parent that is a file (ENOTDIR): the work runs unlocked', async () => {
  const { dir } = sandbox();
  writeFileSync(join(dir, 'cache'), 'not a directory');
  const { lines, log } = debugLog();
  expect(await withFileLock(join(dir, 'cache', 'token.json'), 's', log, async (held) => held, {}, fakeIo().io)).toEqual({ waited: false });
  expect(lines.join('')).toMatch(/cannot create .*token\.json\.lock \(ENOTDIR\); going on without the lock/);
});

test('a free lock: made with our record (0600 in a 0700 directory), marked on the lock clock, removed after', async () => {
  const { dir, target, lockPath } = sandbox();
  const fake = fakeIo();
  const { lines, log } = debugLog();
  await withFileLock(target, 's', log, async (held) => {
    expect(held).toEqual({ waited: false });
    const owner = readLockOwner(lockPath)!;
    expect(owner).toMatchObject(SELF);
    expect(owner.nonce).toMatch(/^[0-9a-z]{16}$/);
    expect(statSync(lockPath).mode & 0o777).toBe(0o700);
    expect(statSync(join(lockPath, LOCK_OWNER_FILE)).mode & 0o777).toBe(0o600);
    expect(statSync(lockPath).mtimeMs).toBe(fake.clock.t);
  }, {}, fake.io);
  expect(readdirSync(dir)).toEqual([]);
  expect(fake.sleeps).toEqual([]);
  expect(fake.stopped()).toBe(1);
  expect(lines).toEqual([]);
});

test('the work learns whether it waited; onWait and the debug line come once; the holder is waited for until it releases', async () => {
  const { target, lockPath } = sandbox();
  const fake = fakeIo();
  const { lines, log } = debugLog();
  let told = 0;
  let releaseFirst!: () => void;
  let firstHolds!: () => void;
  const holding = new Promise<void>((r) => (firstHolds = r));
  const first = withFileLock(target, 's', log, async (held) => {
    firstHolds();
    await new Promise<void>((r) => (releaseFirst = r));
    return held;
  }, {}, fake.io);
  await holding;
  const second = withFileLock(target, 's', log, async (held) => {
    expect(readLockOwner(lockPath)?.pid).toBe(SELF.pid);
    return held;
  }, { onWait: () => told++ }, fake.io);
  while (fake.sleeps.length < 20) await new Promise((r) => setImmediate(r));
  releaseFirst();
  expect(await first).toEqual({ waited: false });
  expect(await second).toEqual({ waited: true });
  expect(told).toBe(1);
  const text = lines.join('');
  expect(text.match(/waiting for .*token\.json\.lock: another process is doing this work \(its holder, pid 100 on this machine, is running/g)).toHaveLength(1);
  expect(text).toMatch(/got .*token\.json\.lock after \d+ ms/);
  expect(text).not.toMatch(/took over/);
});

test('a fresh lock that replaced the dead one between the look and the take-over is put back, not removed', async () => {
  const { dir, target, lockPath } = sandbox();
  const FRESH: LockOwner = { ...SELF, pid: 300, startTime: '3', nonce: 'fresh-holder' };
  let raced = false;
  let freshReleased = false;
  // The probe runs between reading the record and the rename: the moment a slow waiter can be overtaken.
  const fake = fakeIo(
    (pid) => {
      if (pid === OTHER.pid && !raced) {
        raced = true;
        rmSync(lockPath, { recursive: true });
        heldLock(lockPath, FRESH, 0, fake.clock.t); // another waiter took over the dead lock, and holds it now
      }
      return pid === OTHER.pid ? GONE : { kind: 'running', startTime: '3' };
    },
    (n) => {
      expect(readLockOwner(lockPath)?.nonce, 'the fresh holder keeps its lock while we wait').toBe(freshReleased ? undefined : 'fresh-holder');
      if (n === 5) {
        rmSync(lockPath, { recursive: true });
        freshReleased = true;
      }
    },
  );
  heldLock(lockPath, OTHER, 0, fake.clock.t);
  const { lines, log } = debugLog();
  expect(await withFileLock(target, 's', log, async (held) => held, {}, fake.io)).toEqual({ waited: true });
  expect(raced).toBe(true);
  expect(fake.sleeps.length).toBeGreaterThanOrEqual(5);
  const text = lines.join('');
  expect(text).toMatch(/token\.json\.lock changed hands before it could be taken over; it is left to its new holder/);
  expect(text).toMatch(/waiting for .*pid 300 on this machine, is running/);
  expect(readdirSync(dir)).toEqual([]);
});

test('a waiter whose take-over finds the lock gone (another was quicker) makes it again at once; the work never overlaps', async () => {
  const { dir, target, lockPath } = sandbox();
  let secondProbed = false;
  const fake = fakeIo((pid) => {
    // The second waiter judged the same dead lock; the first one's rename gets there before the second's.
    if (pid === OTHER.pid && !secondProbed) {
      secondProbed = true;
      rmSync(lockPath, { recursive: true });
    }
    return GONE;
  });
  heldLock(lockPath, OTHER, 0, fake.clock.t);
  const { lines, log } = debugLog();
  let active = 0;
  let most = 0;
  const work = async () => {
    most = Math.max(most, ++active);
    for (let i = 0; i < 5; i++) await fake.io.sleep(50); // the other waiter looks meanwhile
    active--;
  };
  await Promise.all([withFileLock(target, 's', log, work, {}, fake.io), withFileLock(target, 's', log, work, {}, fake.io)]);
  expect(most).toBe(1);
  expect(lines.join('')).not.toMatch(/took over/); // the "other" rename found it gone: it just made the lock again
  expect(readdirSync(dir)).toEqual([]);
});

test('a lock taken over while held: the heartbeat says so once and stops marking it, the release leaves it to its new holder', async () => {
  const { dir, target, lockPath } = sandbox();
  const fake = fakeIo();
  const { lines, log } = debugLog();
  await withFileLock(target, 's', log, async () => {
    fake.clock.t += 3_000;
    fake.ticks[0]!(); // a beat while ours: marks the lock on the lock clock
    expect(statSync(lockPath).mtimeMs).toBe(fake.clock.t);
    rmSync(lockPath, { recursive: true });
    heldLock(lockPath, { ...OTHER, nonce: 'new-holder' }, 0, fake.clock.t - 10_000);
    fake.clock.t += 1_000;
    fake.ticks[0]!();
    fake.ticks[0]!();
    expect(statSync(lockPath).mtimeMs, 'not marked: it is not ours').toBe(fake.clock.t - 11_000);
  }, {}, fake.io);
  expect(readLockOwner(lockPath)?.nonce).toBe('new-holder');
  expect(readdirSync(dir)).toEqual(['token.json.lock']);
  expect(lines.filter((l) => /was taken over while held \(another process holds it now\)/.test(l))).toHaveLength(1);
  expect(fake.stopped()).toBe(1);
});

test('a lock removed while held: the release says so at --debug, and the work\'s result stands', async () => {
  const { target, lockPath } = sandbox();
  const fake = fakeIo();
  const { lines, log } = debugLog();
  expect(await withFileLock(target, 's', log, async () => (rmSync(lockPath, { recursive: true }), 'done'), {}, fake.io)).toBe('done');
  expect(lines.join('')).toMatch(/lock .*token\.json\.lock was taken over while held \(it is gone\)/);
  expect(existsSync(lockPath)).toBe(false);
});

test('the work\'s error passes through, and the lock is released', async () => {
  const { dir, target } = sandbox();
  await expect(withFileLock(target, 's', debugLog().log, async () => Promise.reject(new Error('boom')), {}, fakeIo().io)).rejects.toThrow('boom');
  expect(readdirSync(dir)).toEqual([]);
});
