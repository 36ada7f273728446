// How populate lists a large organisation: how many calls at once, what it does when the service throttles, and the
// bound on the whole listing. Each value says why it has it.

/**
 * ListAccountRoles calls in flight at once (ListAccounts pages are sequential: each names the next). A call is almost
 * all network wait, so a few in flight cut the time of a large organisation by as many times: 500 accounts one by one
 * at ~100 ms a call is the minute granted#340 complains of, 4 at once ~13 s. More buys little and meets the portal's
 * rate limit sooner: peers that fired without bound were throttled from ~50 accounts (aws-sso-cli#520, granted#458,
 * aws-sso-util#112), and the limit is per user, shared with the browser's access portal and every other tool of theirs.
 */
export const LIST_ROLES_CONCURRENCY = 4;

/**
 * Tries of one page when the service still throttles it after the SDK's own retries (callPolicy.ts: 3 attempts with
 * back-off within a fraction of a second, which rides out a burst but not a sustained limit).
 */
export const MAX_THROTTLED_TRIES = 5;

/**
 * After a page is throttled past the SDK's retries, every call waits this long before it starts (doubled for each
 * further try of that page: 1, 2, 4, 8 s, each between half and all of it, so that callers sharing a limit spread
 * out): the limit is the user's, so all of our calls back off together instead of meeting it again at once.
 */
export const THROTTLE_PAUSE_MS = 1_000;

/**
 * The whole listing, pauses included. No call starts past it (each ends within callPolicy's CALL_DEADLINE_MS), so
 * populate ends, having written nothing, within this and one call's bound, whatever the service does.
 */
export const LIST_DEADLINE_MS = 5 * 60_000;

/** Pages of one list: 100 entries each, so 100,000 accounts; a service that never ends its list is an invalid answer. */
export const MAX_PAGES = 1_000;
