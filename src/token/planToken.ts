// Is the cached token fine as it is, should it be refreshed, or is a login needed? Pure, and says why.

import { formatTimeLeft } from '../log.ts';
import type { CachedToken } from './cachedToken.ts';

/** The AWS CLI's refresh window (botocore `_REFRESH_WINDOW`): inside 15 minutes of expiry, refresh. */
export const TOKEN_REFRESH_WINDOW_MS = 15 * 60_000;
/** Below a minute a token may expire between our check and the service's: treat it as gone. */
export const TOKEN_MIN_USABLE_MS = 60_000;

export type TokenPlan =
  | { readonly action: 'use'; readonly reason: string }
  | { readonly action: 'refresh'; readonly reason: string }
  | { readonly action: 'login'; readonly reason: string };

export function planToken(token: CachedToken | null, now: Date): TokenPlan {
  if (!token) return { action: 'login', reason: 'is not logged in (there is no cached SSO token)' };
  const left = token.expiresAt.getTime() - now.getTime();
  if (left > TOKEN_REFRESH_WINDOW_MS) return { action: 'use', reason: `token valid for ${formatTimeLeft(left)}` };
  const why = canRefresh(token, now);
  if (why === null) return { action: 'refresh', reason: `token has ${formatTimeLeft(left)} left and can be refreshed` };
  if (left > TOKEN_MIN_USABLE_MS) return { action: 'use', reason: `token has ${formatTimeLeft(left)} left; ${why}` };
  return { action: 'login', reason: left > 0 ? `the SSO token expires in under a minute and ${why}` : `the SSO token has expired and ${why}` };
}

/** null when a refresh_token grant can be tried, else why not (botocore's conditions). */
export function canRefresh(token: CachedToken, now: Date): string | null {
  if (!token.refresh) return 'it holds no refresh token and client registration';
  if (token.refresh.registrationExpiresAt.getTime() <= now.getTime()) return 'its client registration has expired';
  return null;
}

/**
 * After a failed refresh: the old token is still used while it has a minute left (the CLI keeps it too),
 * otherwise the caller must fail with the refresh error's own classification.
 */
export function canFallBack(token: CachedToken, now: Date): boolean {
  return token.expiresAt.getTime() - now.getTime() > TOKEN_MIN_USABLE_MS;
}
