// A process finds the lock held: wait, take it over, or give up? Pure, and says why.

import type { LockIdentity, LockOwner } from './lockOwner.ts';

/**
 * A lock whose holder a waiter cannot check (another machine or pid namespace, no readable record, no way to tell a
 * reused pid) is judged by its heartbeat: the holder touches the lock every LOCK_UPDATE_MS, and one silent for
 * LOCK_STALE_MS is taken over. 5 s keeps that take-over well inside the contract's 10 s. It is the rule that can
 * mistake a slow live holder for a dead one, which is why it is only the fallback.
 */
export const LOCK_STALE_MS = 5_000;
export const LOCK_UPDATE_MS = 1_000;
/** A live holder is waited for this long (its refresh call is itself bounded well below it). */
export const LOCK_WAIT_MS = 30_000;
const RETRY_MIN_MS = 20;
const RETRY_SPREAD_MS = 80;
/** A holder still busy after a few seconds is signing in (or stuck): look less often, it will be a while. */
const PATIENT_RETRY_MS = 250;

/** What the kernel says of a pid on this machine. */
export type ProcessProbe =
  | { readonly kind: 'gone' } // no such process (ESRCH)
  | { readonly kind: 'exited' } // a zombie: it has exited, its parent has not collected it yet
  | { readonly kind: 'running'; readonly startTime: string | null }; // null: not knowable here (not Linux, no /proc)

export interface LockFacts {
  /** The lock's owner record; null when there is none readable. */
  readonly owner: LockOwner | null;
  readonly self: LockIdentity;
  /** The owner's pid as probed here; null when there is no owner. Ignored when that pid is not this machine's. */
  readonly probe: ProcessProbe | null;
  /** Since the lock's last sign of life: its mtime, set at creation and by the holder's heartbeat. */
  readonly silentMs: number;
  readonly waitedMs: number;
  readonly waitMs: number;
  /** In [0, 1): spreads the waiters' polls so they do not all look at once. */
  readonly jitter: number;
}

export type LockPlan =
  | { readonly action: 'take-over'; readonly reason: string }
  | { readonly action: 'wait'; readonly reason: string; readonly retryInMs: number }
  | { readonly action: 'give-up'; readonly reason: string };

/**
 * The rules, in order:
 * 1. The owner's pid is one this process can check (same boot and pid namespace): the kernel decides. Gone or a
 *    zombie: take over at once. Running with the recorded start time: that is the holder, however long since its
 *    last heartbeat; a process stopped or starved of CPU (emulation, a CPU-limited container, a loaded CI runner) is
 *    still a holder, and taking its lock would mean a second refresh that spends the one-use refresh token twice.
 * 2. Otherwise (running with another start time or none to compare; a pid from elsewhere; no record) the
 *    heartbeat: silent for LOCK_STALE_MS, take over; else wait.
 * 3. A holder not taken over is waited for until waitMs, then given up on (the caller fails, saying so). Take-over
 *    comes first: a lock found dead at the deadline is still taken.
 */
export function planLockAttempt(f: LockFacts): LockPlan {
  const holder = judgeHolder(f);
  if (holder.dead) return { action: 'take-over', reason: holder.reason };
  if (f.waitedMs >= f.waitMs) return { action: 'give-up', reason: `${holder.reason}; waited ${seconds(f.waitedMs)}, the limit` };
  const patient = f.waitedMs > LOCK_STALE_MS ? PATIENT_RETRY_MS : 0;
  return { action: 'wait', reason: holder.reason, retryInMs: RETRY_MIN_MS + patient + Math.floor(f.jitter * RETRY_SPREAD_MS) };
}

function judgeHolder(f: LockFacts): { readonly dead: boolean; readonly reason: string } {
  const { owner, probe } = f;
  let who: string;
  if (owner && probe && sharesPids(owner, f.self)) {
    const holder = `its holder, pid ${owner.pid} on this machine,`;
    if (probe.kind === 'gone') return { dead: true, reason: `${holder} has exited` };
    if (probe.kind === 'exited') return { dead: true, reason: `${holder} has exited (a zombie not yet collected)` };
    if (owner.startTime !== null && owner.startTime === probe.startTime) {
      return { dead: false, reason: `${holder} is running (lock silent for ${seconds(f.silentMs)})` };
    }
    // Another start time is most likely a later process given the holder's pid, but it is left to the heartbeat
    // (5 s more at worst) rather than taken as proof of death: a /proc that misreports start times (qemu-user fakes
    // a process's own, systemLockIo.ts) would otherwise have every waiter take over a live holder at once.
    // macOS and Windows give no start time at all: a running pid may be the holder or a later process.
    who =
      owner.startTime !== null && probe.startTime !== null
        ? `${holder} is running, but not with the recorded start time (a later process given that pid?)`
        : `${holder} is running, but this system cannot tell it from a later process given the same pid`;
  } else {
    who = owner
      ? `its holder, pid ${owner.pid} on '${owner.host}', is in another machine, container or pid namespace`
      : 'it has no readable owner record (one being written, or a lock made by an older keyrack-cp)';
  }
  if (f.silentMs >= LOCK_STALE_MS) return { dead: true, reason: `${who}, and it has shown no sign of life for ${seconds(f.silentMs)}` };
  return { dead: false, reason: `${who}; last sign of life ${seconds(f.silentMs)} ago` };
}

/**
 * Can this process check the owner's pid? On Linux: the same boot (a pid is the kernel's, per boot) and the same pid
 * namespace (containers number their own); the host name adds nothing there, and is not trusted alone, since two
 * machines or containers may share one. Where neither is known (macOS, Windows), the host name is all there is.
 * One side knowing them and the other not (a sandbox without /proc) is not comparable.
 */
function sharesPids(owner: LockIdentity, self: LockIdentity): boolean {
  if (owner.bootId !== self.bootId || owner.pidNamespace !== self.pidNamespace) return false;
  if (self.bootId !== null && self.pidNamespace !== null) return true;
  return owner.host === self.host;
}

const seconds = (ms: number) => `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
