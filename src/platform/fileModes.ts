// What protects the files keyrack-cp writes (tokens, client secrets, role credentials), per platform, and how
// messages may describe it: nothing may claim a mode the platform does not have.

import { isWindows, type Platform } from './platform.ts';

/** Caches hold secrets: only the owner may read them, and only the owner may list the folders we create. */
export const SECRET_FILE_MODE = 0o600;
export const SECRET_DIR_MODE = 0o700;

export type ModeRule = { readonly chmod: true; readonly why: string } | { readonly chmod: false; readonly why: string };

/**
 * Whether to set the file's mode exactly after creating it (the umask may have removed bits, never added).
 * Windows has no POSIX modes: Node maps a mode to the read-only attribute at most, and fchmod there can fail on
 * handles and file systems that refuse attribute changes, so it is neither done nor checked. A file there gets the
 * permissions it inherits from its folder; under the profile folder (%USERPROFILE%\.aws) that is the user, SYSTEM
 * and the Administrators group. (A mode given to open or mkdir is ignored by Node on Windows, and never fails.)
 */
export function secretModeRule(platform: Platform): ModeRule {
  if (isWindows(platform)) {
    return { chmod: false, why: 'Windows has no file modes: the file keeps the permissions it inherits from its folder' };
  }
  return { chmod: true, why: 'mode 0600 (directories 0700): only the owner may read a file that holds secrets' };
}

/** How help text says what protects a file we write, true on the platform. */
export function secretFileProtection(platform: Platform): string {
  return isWindows(platform) ? 'with the permissions it inherits from its folder' : 'mode 0600';
}

/**
 * Whether to fsync the directory after the rename, so the rename itself survives a crash. POSIX file systems
 * need it; on Windows a directory cannot be opened for writing, which FlushFileBuffers requires, so it would
 * only fail, and the rename (MoveFileEx) is all Windows offers.
 */
export function syncsDirectory(platform: Platform): { readonly sync: boolean; readonly why: string } {
  return isWindows(platform)
    ? { sync: false, why: 'Windows cannot flush a directory' }
    : { sync: true, why: 'the rename is durable only once its directory is synced' };
}
