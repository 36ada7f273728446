// Does `keyrack-cp login` need to sign in at all? Pure, with the reason.

import { formatTimeLeft } from '../log.ts';
import { formatAwsTimestamp } from '../token/awsTimestamp.ts';
import type { CachedToken } from '../token/cachedToken.ts';

/**
 * `keyrack-cp login` leaves a session alone while its token has more than this left (aws-cli#6948: re-authorising a
 * valid session is an annoyance), unless --force.
 */
export const LOGIN_SKIP_IF_VALID_MS = 60 * 60_000;

export type LoginPlan = { readonly action: 'login'; readonly reason: string } | { readonly action: 'skip'; readonly reason: string };

/** `startUrl`: the session's; a token the cache holds for another start URL (the config was changed) is no sign-in to it. */
export function planLogin(token: CachedToken | null, now: Date, force: boolean, startUrl: string): LoginPlan {
  if (!token) return { action: 'login', reason: 'not signed in' };
  const cachedFor = token.document.startUrl;
  if (typeof cachedFor === 'string' && cachedFor !== startUrl) return { action: 'login', reason: 'its cached token is for another start URL' };
  const left = token.expiresAt.getTime() - now.getTime();
  if (force) return { action: 'login', reason: '--force' };
  if (left > LOGIN_SKIP_IF_VALID_MS) {
    return { action: 'skip', reason: `is already signed in: its token is valid for ${formatTimeLeft(left)} more (until ${formatAwsTimestamp(token.expiresAt)})` };
  }
  return { action: 'login', reason: left > 0 ? `its token has only ${formatTimeLeft(left)} left` : 'its token has expired' };
}
