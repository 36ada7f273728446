// A failure as the HTTP answer the SDK shows: 4xx (the JS SDK's fromHttp shows Code and Message only for a 4xx).

import { expect, test } from 'vitest';
import { configError, failure, KeyrackError, loginNeeded } from '../../src/errors.ts';
import { failureResponse } from '../../src/serve/failureResponse.ts';

const describe = (e: KeyrackError) => `keyrack-cp: ${e.describe()}`;

test.each<[string, unknown, number, string, RegExp]>([
  ['login needed', loginNeeded("sso-session 'acme'", 'is not logged in', 'Run: keyrack-cp login --sso-session acme'), 403, 'LoginNeeded', /^keyrack-cp: sso-session 'acme': is not logged in\. Run: keyrack-cp login --sso-session acme$/],
  ['a configuration error', configError("profile 'dev'", 'is not in ~/.aws/config', 'Check the name.'), 409, 'ConfigurationError', /^keyrack-cp: profile 'dev': is not in/],
  ['the service or the network', failure("sso-session 'acme'", 'the SSO service did not answer', 'Try again.'), 424, 'CredentialsUnavailable', /did not answer/],
  ['anything else: 500, naming only the kind', new TypeError('secret detail'), 500, 'InternalError', /^keyrack-cp: unexpected failure: TypeError\. Run keyrack-cp serve with --debug/],
])('%s → %s', (_name, error, status, code, message) => {
  const refusal = failureResponse(error, describe);
  expect(refusal).toMatchObject({ status, code });
  expect(refusal.message).toMatch(message);
  expect(refusal.message).not.toContain('secret detail');
});
