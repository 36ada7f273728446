// Every file keyrack-cp writes goes through here: a reader sees the old document or the new one, never a part.

import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** Caches hold secrets: only the owner may read them, and only the owner may list the folders we create. */
export const SECRET_FILE_MODE = 0o600;
export const SECRET_DIR_MODE = 0o700;

/**
 * Temp file in the same directory (so the rename is atomic), fsync, rename over the target, fsync the directory
 * (so the rename itself survives a crash). A killed process leaves at most a `*.tmp` file beside the target,
 * never a truncated target. The temp name does not end in `.json`, so `aws sso logout` never mistakes it for a token.
 */
export function writeFileAtomic(path: string, data: string): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true, mode: SECRET_DIR_MODE });
  // Unique, not secret: 'wx' refuses an existing name, so a collision fails loudly instead of sharing a file.
  // (Not node:crypto for this: loading it costs ~3 ms on the hot path.)
  const tmp = `${path}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`;
  const fd = openSync(tmp, 'wx', SECRET_FILE_MODE);
  try {
    fchmodSync(fd, SECRET_FILE_MODE); // the umask may have removed bits, never added: make it exact
    writeSync(fd, data);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    unlinkQuietly(tmp);
    throw error;
  }
  closeSync(fd);
  try {
    renameSync(tmp, path);
  } catch (error) {
    unlinkQuietly(tmp);
    throw error;
  }
  syncDirectory(dir);
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

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}
