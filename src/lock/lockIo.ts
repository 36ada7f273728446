// What the lock takes from the world, so that its rules run in tests with a fake clock and an instant sleep.

import type { LockIdentity } from './lockOwner.ts';
import type { ProcessProbe } from './planLockAttempt.ts';

/** What the lock takes from the world. systemLockIo is the real one; tests pass a fake clock and an instant sleep. */
export interface LockIo {
  /** Milliseconds since the epoch, the scale of file mtimes. */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** In [0, 1). */
  readonly random: () => number;
  /** This process as a lock owner. */
  readonly self: () => LockIdentity;
  /** A lock owner's pid, as the kernel sees it from here. */
  readonly probe: (pid: number) => ProcessProbe;
  /** Calls `tick` every `ms` without keeping the process alive; returns the stop. */
  readonly every: (ms: number, tick: () => void) => () => void;
}
