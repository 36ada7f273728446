// Removes a lock directory only if it is still the holding we mean: how a dead holder's lock is taken over, and how
// a holder releases its own.

import { renameSync, rmSync } from 'node:fs';
import { readLockOwner } from './lockOwner.ts';

/**
 * removed: it was that holding, and is gone. gone: nothing was there (another waiter moved it first). not-ours:
 * another holding stood there by then; it was put back (or, if a third lock had already taken the place, removed:
 * its holder finds out at its next heartbeat). error: the rename failed (the code).
 */
export type Removal = 'removed' | 'gone' | 'not-ours' | { readonly error: string };

/**
 * `nonce` is the owner record's nonce of the holding meant, null for a lock without a readable record.
 *
 * First the directory is renamed aside, under a name nobody else uses. Only one rename of a path can succeed, so of
 * the waiters that judged a lock dead exactly one gets it; the others find nothing (ENOENT) and look again at once.
 * Then, on the moved directory (which no one else reaches any more), its record is checked: a waiter that was slow
 * between its look and its rename may have moved a fresh lock that replaced the dead one meanwhile, and that one is
 * put back, never removed. Putting back can replace only an empty directory, a lock whose maker has not written
 * its record yet: that record's exclusive create then fails and its maker starts over (lockOwner.ts), so there is
 * still one holder. A process killed between the rename and the removal leaves the aside directory behind; that
 * window is two system calls wide.
 */
export function removeLockIfOwned(lockPath: string, nonce: string | null, random: () => number): Removal {
  const aside = `${lockPath}.${Math.floor(random() * 36 ** 8).toString(36)}.tmp`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    return code === 'ENOENT' ? 'gone' : { error: code };
  }
  if ((readLockOwner(aside)?.nonce ?? null) !== nonce) {
    try {
      renameSync(aside, lockPath);
    } catch {
      removeQuietly(aside);
    }
    return 'not-ours';
  }
  removeQuietly(aside);
  return 'removed';
}

/** The lock's place is free once renamed; a directory that cannot be removed after that is clutter, not a failure. */
function removeQuietly(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // left behind
  }
}
