// How long one SSO call may take, retries included. keyrack-cp must never hang the SDK that spawned it.

/** TCP connect to the service. */
export const CONNECT_TIMEOUT_MS = 3_000;
/** One attempt's wait for the response once connected. */
export const ATTEMPT_TIMEOUT_MS = 8_000;
/** Attempts in all: the SDK's standard mode retries 429 and 5xx with jittered back-off. */
export const MAX_ATTEMPTS = 3;
/** The whole call, every attempt and back-off included: past this it is aborted, whatever the SDK is doing. */
export const CALL_DEADLINE_MS = 20_000;
