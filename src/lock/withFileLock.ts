// The inter-process lock around a refresh (a session's token, a role's credentials), so twenty processes
// starting at once do the work once.
//
// Our own lock, replacing proper-lockfile, whose only test of a holder is its lock's mtime: the holder touches it
// from a timer every second and a lock untouched for 5 s is taken over. A holder whose event loop is busy longer
// than that (compiling under emulation, starved in a CPU-limited container or on a loaded CI runner) is alive but
// looks dead, its lock is taken, and the one-use refresh token is spent twice. Measured (scripts/lockStress.mjs: 16
// processes started together on an expired token, 25 runs; runs with more than one CreateToken), proper-lockfile
// then this lock: the linux-arm64 build under qemu-user, 6/25 as first reported, 11/25 on this 2-core machine under
// other work's load, 18/25 then 0/25 in a cgroup of one core (interleaved); the holder SIGSTOPped for 6 s, 25/25
// then 0/25; all 16 in a cgroup of 4 % of a core, 19/25 and 22/25 then 0/25 (with proper-lockfile also 'cannot
// create the lock (ENOENT)', exit 1, in 20 of those runs). Unslowed: 0/25 either way.
//
// What it does instead. The lock is still a directory made with mkdir (atomic on every file system we meet, Windows
// and a container's bind-mounted ~/.aws included, where flock may not reach). Its maker writes an owner record in
// it (lockOwner.ts: pid, host, and on Linux the boot, pid namespace and process start time, plus a nonce) and keeps
// a heartbeat on the directory's mtime. A waiter that can check the owner's pid asks the kernel whether that process
// still runs, and waits for a live one however silent it is; only where it cannot check does the heartbeat decide
// (planLockAttempt.ts). Taking over and releasing remove the directory only while it is the holding meant
// (removeLockIfOwned.ts).
//
// What it still cannot do: tell a slow holder in another pid namespace (a container sharing ~/.aws) from a dead
// one; there the heartbeat rule is all there is, as before. An older keyrack-cp sharing ~/.aws reads our lock as the
// mkdir lock it knows (our heartbeat keeps it fresh); a dead one of ours it cannot remove (its rmdir meets the
// record: ENOTEMPTY, exit 1) until a current keyrack-cp takes it over.

import { lstatSync, mkdirSync, utimesSync } from 'node:fs';
import { dirname } from 'node:path';
import { failure } from '../errors.ts';
import { makePrivateDir } from '../fs/makePrivateDir.ts';
import { SECRET_DIR_MODE } from '../platform/fileModes.ts';
import type { Logger } from '../log.ts';
import { readLockOwner, writeLockOwner, type LockOwner } from './lockOwner.ts';
import { LOCK_UPDATE_MS, LOCK_WAIT_MS, planLockAttempt, type LockPlan } from './planLockAttempt.ts';
import { removeLockIfOwned } from './removeLockIfOwned.ts';
import type { LockIo } from './lockIo.ts';
import { systemLockIo } from './systemLockIo.ts';

/**
 * Where the lock can't be made (a read-only ~/.aws in a container, a file where a cache directory belongs), the work
 * runs unlocked: reading must go on.
 */
const CANNOT_LOCK = new Set(['EROFS', 'EACCES', 'EPERM', 'ENOTDIR']);
/** After a take-over that failed (the rename refused): not a holder to poll for, so no hurry. */
const BLOCKED_RETRY_MS = 250;

export interface LockOptions {
  /**
   * How long a live holder is waited for (LOCK_WAIT_MS by default). An --auto-login process waits as long as a
   * sign-in may take, since the holder may be signing in.
   */
  readonly waitMs?: number;
  /** Called once, when the lock is found held by another process (to tell a user why nothing happens). */
  readonly onWait?: () => void;
}

/** What the work learns about how it got the lock: `waited` when another process held it first. */
export interface LockHeld {
  readonly waited: boolean;
}

export async function withFileLock<T>(
  target: string,
  subject: string,
  log: Logger,
  work: (held: LockHeld) => Promise<T>,
  options: LockOptions = {},
  io: LockIo = systemLockIo,
): Promise<T> {
  const lockPath = `${target}.lock`;
  const got = await acquire(target, lockPath, subject, log, options, io);
  if (got.kind === 'unlocked') return work({ waited: false });
  const heartbeat = keepAlive(lockPath, got.nonce, io, log);
  try {
    return await work({ waited: got.waited });
  } finally {
    heartbeat.stop();
    release(lockPath, got.nonce, io, heartbeat.lost);
  }
}

type Acquired = { readonly kind: 'held'; readonly nonce: string | null; readonly waited: boolean } | { readonly kind: 'unlocked' };

/** Makes the lock, or waits, takes over or gives up as planLockAttempt says; or finds it cannot lock at all. */
async function acquire(target: string, lockPath: string, subject: string, log: Logger, options: LockOptions, io: LockIo): Promise<Acquired> {
  const waitMs = options.waitMs ?? LOCK_WAIT_MS;
  // A missing directory is created; if that is impossible (a read-only ~/.aws), making the lock fails with ENOENT
  // and this error is the real cause.
  let mkdirCode: string | undefined;
  try {
    makePrivateDir(dirname(target));
  } catch (error) {
    mkdirCode = (error as NodeJS.ErrnoException).code;
  }
  const started = io.now();
  let waited = false;
  let told = false;
  for (;;) {
    const made = makeLock(lockPath, { ...io.self(), nonce: makeNonce(io.random) });
    if (made.kind === 'made') {
      if (made.problem) log.debug(`could not write the owner record in ${lockPath} (${made.problem}); other processes will judge the lock by its heartbeat alone`);
      if (waited) log.debug(`got ${lockPath} after ${io.now() - started} ms`);
      return { kind: 'held', nonce: made.nonce, waited };
    }
    if (made.kind === 'lost') continue; // another lock stands there now: look again
    if (made.kind === 'error') {
      const code = made.code === 'ENOENT' && mkdirCode ? mkdirCode : made.code;
      if (CANNOT_LOCK.has(code)) {
        log.debug(`cannot create ${lockPath} (${code}); going on without the lock`);
        return { kind: 'unlocked' };
      }
      throw failure(subject, `cannot create the lock ${lockPath} (${code || 'error'})`, `Check that ${dirname(target)} is a writable directory.`);
    }

    waited = true;
    const look = lookAt(lockPath, io, { waitedMs: io.now() - started, waitMs });
    if (look.kind === 'gone') continue; // released (or taken over) meanwhile: try again at once
    if (look.kind === 'junk') {
      // A file or a link where the lock belongs is no process's lock and never goes away: waiting for it would be
      // a 30 s wait for nothing.
      log.debug(`${lockPath} is not a lock directory; going on without the lock`);
      return { kind: 'unlocked' };
    }
    const { plan } = look;
    if (plan.action === 'take-over') {
      const removal = removeLockIfOwned(lockPath, look.owner?.nonce ?? null, io.random);
      if (removal === 'removed') log.debug(`took over ${lockPath}: ${plan.reason}`);
      else if (removal === 'not-ours') log.debug(`${lockPath} changed hands before it could be taken over; it is left to its new holder`);
      if (typeof removal !== 'object') continue; // removed, or gone already: make it again at once
      log.debug(`cannot take over ${lockPath} (${removal.error})`);
      if (io.now() - started >= waitMs) throw heldTooLong(subject, lockPath, waitMs);
      await io.sleep(BLOCKED_RETRY_MS);
      continue;
    }
    if (plan.action === 'give-up') {
      log.debug(`giving up on ${lockPath}: ${plan.reason}`);
      throw heldTooLong(subject, lockPath, waitMs);
    }
    if (!told) {
      log.debug(`waiting for ${lockPath}: another process is doing this work (${plan.reason})`);
      options.onWait?.();
      told = true;
    }
    await io.sleep(plan.retryInMs);
  }
}

type Look = { readonly kind: 'gone' } | { readonly kind: 'junk' } | { readonly kind: 'plan'; readonly plan: LockPlan; readonly owner: LockOwner | null };

/**
 * The facts about a held lock, and the plan they make. Its record is read before its mtime: read the other way
 * round, a dead lock's age could be paired with the record of a fresh lock that replaced it in between, and that
 * fresh lock judged dead.
 */
function lookAt(lockPath: string, io: LockIo, wait: { readonly waitedMs: number; readonly waitMs: number }): Look {
  const owner = readLockOwner(lockPath);
  let place;
  try {
    place = lstatSync(lockPath, { throwIfNoEntry: false });
  } catch {
    return { kind: 'junk' }; // mkdir found the path taken, yet it cannot be looked at: no lock we can use
  }
  if (!place) return { kind: 'gone' };
  if (!place.isDirectory()) return { kind: 'junk' };
  const plan = planLockAttempt({
    owner,
    self: io.self(),
    probe: owner ? io.probe(owner.pid) : null,
    silentMs: io.now() - place.mtimeMs,
    ...wait,
    jitter: io.random(),
  });
  return { kind: 'plan', plan, owner };
}

type Made =
  | { readonly kind: 'made'; readonly nonce: string | null; readonly problem?: string }
  | { readonly kind: 'held' }
  | { readonly kind: 'lost' }
  | { readonly kind: 'error'; readonly code: string };

/**
 * mkdir, then the owner record. The record's exclusive create is the real acquisition (lockOwner.ts): EEXIST or
 * ENOENT there mean another process's lock stands in the directory's place now. Any other failure (a full disk)
 * leaves the lock held without a readable record, judged by its heartbeat as an older keyrack-cp's would be, which
 * is better than no lock: the refresh it guards must still happen once.
 */
function makeLock(lockPath: string, owner: LockOwner): Made {
  try {
    mkdirSync(lockPath, { mode: SECRET_DIR_MODE });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? '';
    return code === 'EEXIST' ? { kind: 'held' } : { kind: 'error', code };
  }
  try {
    writeLockOwner(lockPath, owner);
    return { kind: 'made', nonce: owner.nonce };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'EEXIST' || code === 'ENOENT') return { kind: 'lost' };
    return { kind: 'made', nonce: null, problem: code };
  }
}

/**
 * The heartbeat: the directory's mtime set every LOCK_UPDATE_MS, for the waiters that cannot check our pid. Each beat
 * first checks that the lock is still ours, and says so at --debug once if not (our writes are atomic, so a lost lock
 * costs at worst a second refresh: carry on). The first mark is made at once, on the lock's clock.
 */
function keepAlive(lockPath: string, nonce: string | null, io: LockIo, log: Logger) {
  let reported = false;
  const lost = (why: string) => {
    if (!reported) log.debug(`lock ${lockPath} was taken over while held (${why})`);
    reported = true;
  };
  const mark = () => {
    const t = io.now() / 1000;
    try {
      utimesSync(lockPath, t, t);
    } catch {
      // gone: the next beat, or the release, says so
    }
  };
  mark();
  const stop = io.every(LOCK_UPDATE_MS, () => {
    // A timer callback must never throw: that would end the process with a stack trace.
    try {
      const why = whyNotOurs(lockPath, nonce);
      if (why) lost(why);
      else mark();
    } catch {
      // the release decides
    }
  });
  return { stop, lost };
}

function whyNotOurs(lockPath: string, nonce: string | null): string | null {
  const owner = readLockOwner(lockPath);
  if (nonce !== null && owner?.nonce === nonce) return null;
  if (!lstatOrNull(lockPath)) return 'it is gone';
  if (nonce === null && owner === null) return null; // held without a record: as far as can be told, still ours
  return 'another process holds it now';
}

/**
 * Removes the lock only while it is still ours. A lost one is left to its new holder. A process that exits without
 * getting here (SIGKILL, SIGTERM: main's process.exit runs after this finally) leaves its directory behind, which
 * the pid rule takes over at once on the same machine and the heartbeat rule after LOCK_STALE_MS elsewhere.
 */
function release(lockPath: string, nonce: string | null, io: LockIo, lost: (why: string) => void): void {
  const removal = removeLockIfOwned(lockPath, nonce, io.random);
  if (removal === 'gone') lost('it is gone');
  else if (removal === 'not-ours') lost('another process holds it now');
  // A rename refused (EBUSY, EACCES): the lock stays, with our dead pid in it, and the next process takes it over.
}

function heldTooLong(subject: string, lockPath: string, waitMs: number) {
  return failure(
    subject,
    `another process has held the lock ${lockPath} for more than ${Math.round(waitMs / 1000)} seconds`,
    'If no other keyrack-cp is running, remove that directory and try again.',
  );
}

/** 16 base-36 characters: 82 bits, so two holdings never share one. */
function makeNonce(random: () => number): string {
  let nonce = '';
  for (let i = 0; i < 16; i++) nonce += Math.floor(random() * 36).toString(36);
  return nonce;
}

function lstatOrNull(path: string) {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) ?? null;
  } catch {
    return null; // a parent that is not a directory: as absent
  }
}
