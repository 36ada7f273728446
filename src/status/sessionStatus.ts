// What state an sso-session's sign-in is in, from its token file. Pure.

import type { TokenRead } from '../token/tokenStore.ts';
import { canRefresh } from '../token/planToken.ts';

export type SessionState =
  | { readonly state: 'signed-in'; readonly expiresAt: Date; readonly msLeft: number; readonly refreshable: boolean; readonly whyNotRefreshable: string | null }
  | { readonly state: 'expired'; readonly expiresAt: Date; readonly msLeft: number; readonly refreshable: boolean; readonly whyNotRefreshable: string | null }
  | { readonly state: 'signed-out' }
  | { readonly state: 'invalid-token'; readonly problem: string };

export function sessionState(read: TokenRead, now: Date): SessionState {
  if (!read.ok) return read.problem === 'missing' ? { state: 'signed-out' } : { state: 'invalid-token', problem: read.problem };
  const { token } = read;
  const msLeft = token.expiresAt.getTime() - now.getTime();
  const whyNot = canRefresh(token, now);
  return { state: msLeft > 0 ? 'signed-in' : 'expired', expiresAt: token.expiresAt, msLeft, refreshable: whyNot === null, whyNotRefreshable: whyNot };
}

/** Credentials can be had without a sign-in: a live token, or an expired one keyrack-cp will try to refresh. */
export const isReady = (s: SessionState) => (s.state === 'signed-in' && s.msLeft > 60_000) || ((s.state === 'signed-in' || s.state === 'expired') && s.refreshable);

/** "7h59m", "52m", "45s": how long, at a glance. */
export function formatDuration(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}
