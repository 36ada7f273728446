// Whether role credentials may be handed to a container-credentials client: the refresh-window decision. Pure.

import { ROLE_CREDENTIALS_MIN_LIFETIME_MS } from '../credentials/roleCredentialCacheEntry.ts';
import { formatTimeLeft } from '../log.ts';

/**
 * Served only with more than 15 minutes left, the widest of the windows in which the SDKs fetch again:
 * - botocore (ContainerProvider returns RefreshableCredentials): advisory 900 s, in which every credential access
 *   tries a refresh; mandatory 600 s, in which every access blocks on one and a failure raises;
 * - the JS SDK: the default chain's memoize (credentialsTreatedAsExpired) and @smithy/core's EXPIRATION_MS, 300 000 ms.
 * Credentials inside a window would make the client call back at every request, and ours at every signature. The same
 * 15 minutes as the role-credential cache, on purpose: what the cache no longer serves, the endpoint does not either.
 */
export const SERVE_WINDOW_MS = ROLE_CREDENTIALS_MIN_LIFETIME_MS;

export type ServePlan =
  | { readonly action: 'serve'; readonly why: string }
  /** Get them again: the cache will not serve these a second time, so the next try asks the service. */
  | { readonly action: 'again'; readonly why: string }
  | { readonly action: 'refuse'; readonly why: string };

/**
 * `attempt` counts from 1. Credentials inside the window on the first attempt were served by the cache a moment
 * before they crossed into it (or came from the service so): the second attempt gets new ones. Inside it again, they
 * came from the service that way (a role session shorter than 15 minutes, or a clock far off): refused, not served.
 */
export function planServe(expiration: Date, now: Date, attempt: number): ServePlan {
  const left = expiration.getTime() - now.getTime();
  if (left > SERVE_WINDOW_MS) return { action: 'serve', why: `${formatTimeLeft(left)} left` };
  if (attempt < 2) return { action: 'again', why: `only ${formatTimeLeft(left)} left, inside the SDKs' 15-minute refresh window` };
  return { action: 'refuse', why: `the SSO service issued role credentials with ${formatTimeLeft(left)} left, inside the SDKs' 15-minute refresh window` };
}
