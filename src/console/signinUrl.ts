// The federation endpoint's two requests (the IAM User Guide, "Enable custom identity broker access to the AWS
// console"): the role credentials as the getSigninToken form, and the login URL built from its token. Pure.

import type { RoleCredentials } from '../credentials/roleCredentials.ts';

/**
 * The getSigninToken form body. No SessionDuration: with role credentials the service refuses it (HTTP 400,
 * aws-vault#77); the console session then lasts as long as the credentials do.
 */
export function signinTokenForm(creds: RoleCredentials): string {
  const session = JSON.stringify({ sessionId: creds.accessKeyId, sessionKey: creds.secretAccessKey, sessionToken: creds.sessionToken });
  return new URLSearchParams({ Action: 'getSigninToken', Session: session }).toString();
}

/** A bearer link: whoever opens it within 15 minutes is signed in. `issuer` is where an expired console session sends the user. */
export function loginUrl(federation: string, issuer: string, destination: string, signinToken: string): string {
  const url = new URL(federation);
  url.search = new URLSearchParams({ Action: 'login', Issuer: issuer, Destination: destination, SigninToken: signinToken }).toString();
  return url.toString();
}
