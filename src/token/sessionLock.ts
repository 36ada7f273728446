// The inter-process lock around a refresh (a session's token, a role's credentials), so twenty processes
// starting at once do the work once.

import { lstatSync } from 'node:fs';
import { dirname } from 'node:path';
import { failure } from '../errors.ts';
import { makePrivateDir } from '../fs/writeFileAtomic.ts';
import type { Logger } from '../log.ts';

/**
 * A holder touches its lock every second; a lock untouched for 5 s belongs to a process that died
 * (SIGKILL, power loss) and is taken over. 5 s keeps takeover well inside the contract's 10 s while a live holder,
 * whose event loop never stalls that long during a refresh, is never mistaken for a dead one.
 */
export const LOCK_STALE_MS = 5_000;
export const LOCK_UPDATE_MS = 1_000;
/** A live holder is waited for this long (its refresh call is itself bounded well below it). */
export const LOCK_WAIT_MS = 30_000;
const RETRY_MIN_MS = 20;
const RETRY_SPREAD_MS = 80;
const PATIENT_RETRY_MS = 250;

/**
 * Where the lock can't be made (a read-only ~/.aws in a container, a file where a cache directory belongs), the work
 * runs unlocked: reading must go on.
 */
const CANNOT_LOCK = new Set(['EROFS', 'EACCES', 'EPERM', 'ENOTDIR']);

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

export async function withSessionLock<T>(
  target: string,
  subject: string,
  log: Logger,
  work: (held: LockHeld) => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const waitMs = options.waitMs ?? LOCK_WAIT_MS;
  const { lock } = await import('proper-lockfile');
  const lockPath = `${target}.lock`;
  // A missing directory is created; if that is impossible (a read-only ~/.aws), the lock attempt fails with ENOENT
  // and this error is the real cause.
  let mkdirCode: string | undefined;
  try {
    makePrivateDir(dirname(target));
  } catch (error) {
    mkdirCode = (error as NodeJS.ErrnoException).code;
  }
  // A lock is a directory. Anything else in its place (a file, a dangling link) is no process's lock and never goes
  // away: proper-lockfile would report it held (a 30 s wait for nothing) or fail to take it over.
  let squatter;
  try {
    squatter = lstatSync(lockPath, { throwIfNoEntry: false });
  } catch {
    // A parent that is not a directory (ENOTDIR): the lock attempt below reports it.
  }
  if (squatter && !squatter.isDirectory()) {
    log.debug(`${lockPath} is not a lock directory; going on without the lock`);
    return work({ waited: false });
  }
  const started = Date.now();
  let release: (() => Promise<void>) | undefined;
  let waited = false;
  while (!release) {
    try {
      release = await lock(target, {
        lockfilePath: lockPath,
        realpath: false,
        stale: LOCK_STALE_MS,
        update: LOCK_UPDATE_MS,
        retries: 0,
        // The default throws from a timer (a crash with a stack trace). Our writes are atomic, so a lost lock
        // costs at worst a second refresh; say so in --debug and carry on.
        onCompromised: (error) => log.debug(`lock ${lockPath} was taken over while held (${(error as NodeJS.ErrnoException).code ?? error.message})`),
      });
    } catch (error) {
      const lockCode = (error as NodeJS.ErrnoException).code ?? '';
      const code = lockCode === 'ENOENT' && mkdirCode ? mkdirCode : lockCode;
      if (code === 'ELOCKED') {
        if (!waited) {
          log.debug(`waiting for ${lockPath}: another process is doing this work`);
          options.onWait?.();
        }
        waited = true;
        if (Date.now() - started >= waitMs) {
          throw failure(
            subject,
            `another process has held the lock ${lockPath} for more than ${Math.round(waitMs / 1000)} seconds`,
            'If no other keyrack-cp is running, remove that directory and try again.',
          );
        }
        // A holder still busy after a few seconds is signing in (or stuck): look less often, it will be a while.
        const patient = Date.now() - started > LOCK_STALE_MS ? PATIENT_RETRY_MS : 0;
        await sleep(RETRY_MIN_MS + patient + Math.random() * RETRY_SPREAD_MS);
        continue;
      }
      if (CANNOT_LOCK.has(code)) {
        log.debug(`cannot create ${lockPath} (${code}); going on without the lock`);
        return work({ waited: false });
      }
      throw failure(subject, `cannot create the lock ${lockPath} (${code || 'error'})`, `Check that ${dirname(target)} is a writable directory.`);
    }
  }
  if (waited) log.debug(`got ${lockPath} after ${Date.now() - started} ms`);
  try {
    return await work({ waited });
  } finally {
    await release().catch(() => undefined); // already released or taken over: nothing left to undo
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
