// A failure to get credentials as the HTTP answer a container's SDK shows: the one paragraph keyrack-cp would print,
// with a status that says which kind. Pure.

import { EXIT_CONFIG, EXIT_LOGIN, KeyrackError } from '../errors.ts';
import type { Refusal } from './routeRequest.ts';

/**
 * 4xx for every failure keyrack-cp can explain: botocore shows any non-200 body in its error, but the JS SDK's
 * fromHttp puts the body's Code and Message on its error only for a 4xx (a 5xx leaves "Server responded with status:
 * 503" alone). So the statuses are the nearest 4xx: 403 for a login needed (the SSO session refuses), 409 for the
 * configuration (the profile as configured conflicts with what is asked), 424 Failed Dependency for the service or
 * the network. Something unexpected is 500, and says no more than main would.
 */
export function failureResponse(error: unknown, describe: (e: KeyrackError) => string): Refusal {
  if (!(error instanceof KeyrackError)) {
    const name = error instanceof Error ? error.name : typeof error;
    return { status: 500, code: 'InternalError', message: `keyrack-cp: unexpected failure: ${name}. Run keyrack-cp serve with --debug; if it persists, report it with that output.` };
  }
  const message = describe(error);
  if (error.exitCode === EXIT_LOGIN) return { status: 403, code: 'LoginNeeded', message };
  if (error.exitCode === EXIT_CONFIG) return { status: 409, code: 'ConfigurationError', message };
  return { status: 424, code: 'CredentialsUnavailable', message };
}
