// Serve the cached role credentials, or fetch new ones? Pure, and says why: the twin of token/planToken.ts.

import type { RoleCredentials } from './roleCredentials.ts';
import { whyNotServable } from './roleCredentialCacheEntry.ts';

export type RoleCredentialsPlan =
  | { readonly action: 'serve'; readonly creds: RoleCredentials; readonly reason: string }
  | { readonly action: 'fetch'; readonly reason: string };

/**
 * Served while the entry has more than 15 minutes left and the session's token file still exists: after a logout,
 * cached credentials must not outlive the login (the "cache lies" of other tools).
 */
export function planRoleCredentials(
  entry: { readonly creds: RoleCredentials } | { readonly problem: string },
  accountId: string,
  loggedIn: boolean,
  now: Date,
): RoleCredentialsPlan {
  if ('problem' in entry) return { action: 'fetch', reason: entry.problem };
  const why = whyNotServable(entry.creds, accountId, now);
  if (why) return { action: 'fetch', reason: `not served, ${why}` };
  if (!loggedIn) return { action: 'fetch', reason: 'not served, the session is logged out (no token file)' };
  return { action: 'serve', creds: { ...entry.creds, accountId }, reason: `served, expires ${entry.creds.expiration.toISOString()}` };
}
