// A failed SSO-OIDC call during a sign-in, as the one error the user reads. Pure.

import { failure, loginNeeded, type KeyrackError } from '../errors.ts';
import { loginCommandLine } from '../remedies.ts';
import type { SsoCallError } from '../sso/ssoCallError.ts';

export function loginCallFailure(subject: string, sessionName: string, step: string, error: SsoCallError): KeyrackError {
  const again = `run: ${loginCommandLine(sessionName)}`;
  switch (error.kind) {
    case 'unauthorized':
      return loginNeeded(subject, `the SSO service refused the sign-in at ${step} (${error.summary})`, `Try again; if it keeps failing, check the sso-session's sso_start_url and sso_region, then ${again}`);
    case 'timeout':
    case 'network':
      return failure(subject, `${step} failed: ${error.summary}`, `Check the network connection and any AWS_ENDPOINT_URL* settings, then ${again}`);
    case 'throttled':
    case 'server':
      return failure(subject, `the SSO service failed at ${step} (${error.summary})`, `Wait a moment, then ${again}`);
    case 'invalid-response':
      return failure(subject, error.summary, 'Check that the SSO-OIDC endpoint is the AWS one (AWS_ENDPOINT_URL_SSO_OIDC).');
    default:
      return failure(subject, `${step} failed (${error.summary})`, `Run again with --debug; ${again}`);
  }
}
