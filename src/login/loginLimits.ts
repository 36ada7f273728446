// The windows of a sign-in, each defined once. Tiny on purpose: the credential path imports it on every start.

/**
 * The whole interactive sign-in, from the first call to the token on disk: `aws sso login`'s 10-minute limit for the
 * browser, and AWS's device codes live 10 minutes too. Past it the login gives up (exit 3): a caller never waits longer.
 */
export const LOGIN_TIME_LIMIT_MS = 10 * 60_000;

/**
 * How long an --auto-login process waits on the session's lock while another one signs in: the sign-in's own limit
 * plus the time its last calls and the token write may take (each call is bounded at 20 s).
 */
export const AUTO_LOGIN_LOCK_WAIT_MS = LOGIN_TIME_LIMIT_MS + 30_000;

/**
 * `keyrack-cp login` leaves a session alone while its token has more than this left (aws-cli#6948: re-authorising a
 * valid session is an annoyance), unless --force.
 */
export const LOGIN_SKIP_IF_VALID_MS = 60 * 60_000;
