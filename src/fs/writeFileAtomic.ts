// Every file keyrack-cp writes goes through here: a reader sees the old document or the new one, never a part.

import { closeSync, fchmodSync, fsyncSync, ftruncateSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { faultPoint } from '../faultPoint.ts';
import { SECRET_FILE_MODE, secretModeRule, syncsDirectory } from '../platform/fileModes.ts';
import { makePrivateDir } from './makePrivateDir.ts';
import { pathFor, type Platform } from '../platform/platform.ts';
import { renameWithRetry, SYSTEM_RENAME } from './renameWithRetry.ts';

export interface PendingWrite {
  /** Write `data` into the reserved temp file and rename it over the target. */
  commit(data: string): void;
  /** Give the reservation back (nothing was written to the target). */
  abort(): void;
}

/**
 * Creates the temp file now and fills `reserveBytes` of it (written and synced), so a full disk, a quota or a
 * permission problem shows before anything irreversible happens, such as spending a one-use refresh token.
 * Throws the file system's error (EROFS, ENOSPC, EACCES...) as is: the caller decides what it means.
 *
 * The temp file sits in the target's directory (so the rename is atomic) and its name does not end in `.json`, so
 * `aws sso logout` never mistakes it for a token. A process killed before the rename leaves at most that file
 * beside an intact target.
 */
export function beginAtomicWrite(path: string, reserveBytes: number, platform: Platform): PendingWrite {
  const dir = pathFor(platform).dirname(path);
  makePrivateDir(dir);
  // Unique, not secret: 'wx' refuses an existing name, so a collision fails loudly instead of sharing a file.
  // (Not node:crypto for this: loading it costs ~3 ms on the hot path.)
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`;
  const fd = openSync(tmp, 'wx', SECRET_FILE_MODE); // on Windows only the write bit counts: the file is not read-only
  const fail = (error: unknown): never => {
    closeQuietly(fd);
    unlinkQuietly(tmp);
    throw error;
  };
  try {
    if (secretModeRule(platform).chmod) fchmodSync(fd, SECRET_FILE_MODE); // the umask may have removed bits, never added: make it exact
    if (reserveBytes > 0) {
      writeSync(fd, Buffer.alloc(reserveBytes, 0x20), 0, reserveBytes, 0);
      fsyncSync(fd);
    }
  } catch (error) {
    fail(error);
  }
  let done = false;
  return {
    commit(data) {
      if (done) throw new Error('atomic write already finished');
      done = true;
      try {
        const bytes = Buffer.from(data, 'utf8');
        writeSync(fd, bytes, 0, bytes.length, 0);
        ftruncateSync(fd, bytes.length); // shrinking a reservation never needs a new block
        fsyncSync(fd);
        closeSync(fd);
      } catch (error) {
        fail(error);
      }
      faultPoint('atomic-write-before-rename');
      try {
        renameWithRetry(tmp, path, platform, SYSTEM_RENAME);
      } catch (error) {
        unlinkQuietly(tmp);
        throw error;
      }
      if (syncsDirectory(platform).sync) syncDirectory(dir);
    },
    abort() {
      if (done) return;
      done = true;
      closeQuietly(fd);
      unlinkQuietly(tmp);
    },
  };
}

/** Temp file, fsync, rename over the target, fsync the directory (so the rename itself survives a crash). */
export function writeFileAtomic(path: string, data: string, platform: Platform): void {
  beginAtomicWrite(path, 0, platform).commit(data);
}

function syncDirectory(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename has still happened.
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed.
  }
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
