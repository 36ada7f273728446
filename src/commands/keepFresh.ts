// write-credentials --keep-fresh: rewrite the section before each expiry until a signal says stop.

import { EXIT_CONFIG, KeyrackError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { ROLE_CREDENTIALS_MIN_LIFETIME_MS } from '../credentials/roleCredentialCacheEntry.ts';
import { formatAwsTimestamp as stamp } from '../token/awsTimestamp.ts';

/**
 * Rewrite when the credentials enter the role-credential cache's window (which is botocore's advisory refresh
 * window): the same constant, since the rewrite must get credentials the cache no longer serves. A program that read
 * the file just before the rewrite still has 15 minutes of working credentials.
 */
export const REWRITE_WINDOW_MS = ROLE_CREDENTIALS_MIN_LIFETIME_MS;
/**
 * Wake a second inside the window: the role-credential cache serves only entries with more than 15 minutes left,
 * so at that moment it lets go of the old credentials and the rewrite gets new ones rather than the same.
 */
const INTO_WINDOW_MS = 1_000;
/** Credentials issued already inside the window (a role session under 15 minutes) are rewritten this often, never in a spin. */
export const MIN_WAIT_MS = 30_000;
/** After a failed rewrite (network down, login needed): try again at these intervals, then every 5 minutes. */
export const RETRY_DELAYS_MS = [30_000, 60_000, 120_000, 300_000] as const;
/**
 * Sleep in steps no longer than a minute and check the wall clock after each: timers stop while a laptop sleeps,
 * and the credentials' expiry does not.
 */
const SLEEP_STEP_MS = 60_000;

export interface Rewrite {
  readonly at: Date;
  readonly why: string;
}

/** When to rewrite next, and why then (pure). */
export function planNextRewrite(expiration: Date, now: Date, failures: number): Rewrite {
  if (failures > 0) {
    const delay = RETRY_DELAYS_MS[Math.min(failures, RETRY_DELAYS_MS.length) - 1]!;
    return { at: new Date(now.getTime() + delay), why: `retry ${failures} after a failure` };
  }
  const inWindow = expiration.getTime() - REWRITE_WINDOW_MS + INTO_WINDOW_MS;
  if (inWindow <= now.getTime()) {
    return { at: new Date(now.getTime() + MIN_WAIT_MS), why: 'the credentials came with less than 15 minutes to live' };
  }
  return { at: new Date(inWindow), why: '15 minutes before they expire' };
}

export interface KeepFreshDeps {
  /** Fetches and writes; resolves to the new credentials' expiry. Throws KeyrackError. */
  readonly rewrite: () => Promise<Date>;
  readonly now: () => Date;
  /** Resolves true after `ms`, false as soon as `signal` is aborted. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<boolean>;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** One line for the user (stdout). */
  readonly say: (line: string) => void;
}

/**
 * Runs until the signal. Failure policy: a configuration error stops it (exit 2: the file or the profile needs the
 * user, and a loop would only repeat the message); a login-needed or network failure is reported and retried with
 * backoff, so running `aws sso login` or getting back online is enough to resume. A signal during a rewrite lets
 * that rewrite finish (each step is time-bounded and the write is atomic), then it stops.
 */
export async function keepFresh(firstExpiration: Date, deps: KeepFreshDeps): Promise<void> {
  let expiration = firstExpiration;
  let failures = 0;
  while (!deps.signal.aborted) {
    const next = planNextRewrite(expiration, deps.now(), failures);
    deps.log.debug(`next rewrite at ${next.at.toISOString()} (${next.why})`);
    if (failures === 0) deps.say(`Next rewrite at ${stamp(next.at)} (${next.why}).`);
    if (!(await sleepUntil(next.at, deps))) break;
    try {
      expiration = await deps.rewrite();
      failures = 0;
    } catch (error) {
      if (!(error instanceof KeyrackError) || error.exitCode === EXIT_CONFIG) throw error;
      failures++;
      const retry = planNextRewrite(expiration, deps.now(), failures);
      deps.log.warn(`${error.describe()} (keyrack-cp keeps running and tries again at ${stamp(retry.at)})`);
    }
  }
}

async function sleepUntil(at: Date, deps: Pick<KeepFreshDeps, 'now' | 'sleep' | 'signal'>): Promise<boolean> {
  for (;;) {
    if (deps.signal.aborted) return false;
    const left = at.getTime() - deps.now().getTime();
    if (left <= 0) return true;
    if (!(await deps.sleep(Math.min(left, SLEEP_STEP_MS), deps.signal))) return false;
  }
}

