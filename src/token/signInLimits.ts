// The windows of a sign-in, each defined once, here because the token layer needs them too: the credential path
// waits on the session lock of a process that may be signing in. Tiny on purpose: read on every start.

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
