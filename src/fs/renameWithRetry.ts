// Renames our temp file over its target, trying again while the platform's rules say another process only holds
// the target for a moment (platform/renameRetry.ts). The effects come in, so tests can make a rename fail with the
// codes Windows gives, which Linux cannot produce on demand.

import { renameSync } from 'node:fs';
import type { Platform } from '../platform/platform.ts';
import { planRenameRetry } from '../platform/renameRetry.ts';

export interface RenameEffects {
  readonly rename: (from: string, to: string) => void;
  /** Blocks for `ms`: the writes it serves are synchronous. */
  readonly sleep: (ms: number) => void;
  /** Milliseconds on a monotonic clock. */
  readonly clock: () => number;
}

/**
 * A blocking sleep that yields the CPU to the process holding the file (a busy loop could starve it on a small
 * machine). It blocks our event loop too, for at most the retry budget, which is well within the session lock's
 * 5 s stale bound (its touch timer runs late, not never).
 */
const sleepSync = (ms: number): void => void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

export const SYSTEM_RENAME: RenameEffects = { rename: renameSync, sleep: sleepSync, clock: () => performance.now() };

/** Throws the last rename error once the rules say stop; returns the attempts it took. */
export function renameWithRetry(from: string, to: string, platform: Platform, effects: RenameEffects): number {
  const started = effects.clock();
  for (let failures = 0; ; ) {
    try {
      effects.rename(from, to);
      return failures + 1;
    } catch (error) {
      failures++;
      const plan = planRenameRetry(platform, (error as NodeJS.ErrnoException).code, failures, effects.clock() - started);
      if (!plan.retry) throw error;
      effects.sleep(plan.afterMs);
    }
  }
}
