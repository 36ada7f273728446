// A failed SSO portal list call, as the one error the user reads. Pure.

import { failure, loginNeeded, type KeyrackError } from '../errors.ts';
import { loginCommandLine } from '../remedies.ts';
import type { SsoCallError } from '../sso/ssoCallError.ts';

export function portalCallFailure(subject: string, sessionName: string, step: string, error: SsoCallError): KeyrackError {
  const nothing = 'nothing was written';
  switch (error.kind) {
    case 'unauthorized':
      return loginNeeded(subject, `the SSO service no longer accepts the session's token (${error.summary}); ${nothing}`, `Run: ${loginCommandLine(sessionName)}`);
    case 'forbidden':
      return failure(subject, `the SSO service refused ${step} (${error.summary}): you have no access to it; ${nothing}`, 'Check the account id, or ask your IAM Identity Center administrator for an assignment.');
    case 'throttled':
      return failure(subject, `the SSO service kept throttling ${step} (${error.summary}); ${nothing}`, 'Wait a few minutes (the limit is shared with your other tools and the access portal), then try again.');
    case 'timeout':
    case 'network':
      return failure(subject, `${step} failed: ${error.summary}; ${nothing}`, 'Check the network connection and any AWS_ENDPOINT_URL* settings, then try again.');
    case 'invalid-response':
      return failure(subject, `${error.summary}; ${nothing}`, 'Check that the SSO endpoint is the AWS SSO portal.');
    default:
      return failure(subject, `${step} failed (${error.summary}); ${nothing}`, 'Try again later; run with --debug for details.');
  }
}
