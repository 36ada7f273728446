// What an SSO call's caller may explain as the call's failure: an SsoCallError, and nothing else.

import type { SsoCallError } from './ssoCallError.ts';

/**
 * The error of an SSO call, or, for anything else (a file error with its own remedy, a bug), that error thrown on
 * as it is: explained as a call's failure it would read "RegisterClient failed (undefined)". Told by its name, so
 * that the code every start compiles does not hold ssoCallError.ts (it is loaded with the calls).
 */
export function ssoCallErrorOf(error: unknown): SsoCallError {
  if (error instanceof Error && error.name === 'SsoCallError' && typeof (error as Partial<SsoCallError>).kind === 'string') return error as SsoCallError;
  throw error;
}
