// How the device code flow polls CreateToken (RFC 8628 §3.5, reference §7): what each answer means. Pure.

import type { DevicePollAnswer } from '../sso/oidcCalls.ts';

/** The interval when the service names none (RFC 8628 and the CLI). */
export const DEFAULT_POLL_INTERVAL_MS = 5_000;
/** RFC 8628 §3.5: on slow_down the interval grows by 5 seconds, for the rest of the flow. */
export const SLOW_DOWN_STEP_MS = 5_000;
/** Never faster than this, whatever a server says: one request a second is plenty for a person typing a code. */
export const MIN_POLL_INTERVAL_MS = 1_000;

export type DevicePollStep =
  | { readonly action: 'wait'; readonly intervalMs: number; readonly reason: string }
  | { readonly action: 'stop'; readonly problem: string };

export function initialPollInterval(intervalSeconds: number | undefined): number {
  if (intervalSeconds === undefined || !Number.isFinite(intervalSeconds) || intervalSeconds <= 0) return DEFAULT_POLL_INTERVAL_MS;
  return Math.max(MIN_POLL_INTERVAL_MS, intervalSeconds * 1000);
}

export function nextDevicePoll(answer: DevicePollAnswer, intervalMs: number): DevicePollStep {
  switch (answer) {
    case 'pending':
      return { action: 'wait', intervalMs, reason: 'not approved yet' };
    case 'slow-down':
      return { action: 'wait', intervalMs: intervalMs + SLOW_DOWN_STEP_MS, reason: 'the service asked us to poll more slowly' };
    case 'expired':
      return { action: 'stop', problem: 'the sign-in code expired before it was approved' };
    case 'denied':
      return { action: 'stop', problem: 'the sign-in request was denied in the browser' };
  }
}

/**
 * Polling stops at the earlier of the code's expiry and the login's limit. Past the code's expiry one more poll is
 * allowed (an interval's grace), so the service's own expired_token answer is normally what ends it.
 */
export function devicePollDeadline(now: Date, expiresInSeconds: number | undefined, intervalMs: number, limitMs: number): Date {
  const codeLifeMs = expiresInSeconds !== undefined && Number.isFinite(expiresInSeconds) && expiresInSeconds > 0 ? expiresInSeconds * 1000 + intervalMs : limitMs;
  return new Date(now.getTime() + Math.min(codeLifeMs, limitMs));
}
