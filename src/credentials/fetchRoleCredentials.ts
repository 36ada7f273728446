// GetRoleCredentials for a profile, with the service's refusals turned into what the user should do.

import { failure, loginNeeded } from '../errors.ts';
import { profileSubject, type SsoProfile } from '../config/ssoProfile.ts';
import type { Logger } from '../log.ts';
import { loginCommandLine } from '../remedies.ts';
import type { Endpoint } from '../sso/endpoints.ts';
import type { RoleRequest } from '../sso/portalCalls.ts';
import type { SsoCallError } from '../sso/ssoCallError.ts';
import { ssoCallErrorOf } from '../sso/ssoCallErrorOf.ts';
import type { RoleCredentials } from './roleCredentials.ts';

export interface FetchDeps {
  readonly log: Logger;
  /** The portal call (sso/portalCalls.ts); throws SsoCallError. */
  readonly call: (endpoint: Endpoint, request: RoleRequest) => Promise<RoleCredentials>;
}

export async function fetchRoleCredentials(profile: SsoProfile, portal: Endpoint, accessToken: string, deps: FetchDeps): Promise<RoleCredentials> {
  deps.log.debug(`GetRoleCredentials account ${profile.accountId} role ${profile.roleName} at ${portal.url} (${portal.source})`);
  try {
    const creds = await deps.call(portal, {
      region: profile.session.region,
      accessToken,
      accountId: profile.accountId,
      roleName: profile.roleName,
    });
    deps.log.secret(creds.secretAccessKey);
    deps.log.secret(creds.sessionToken);
    deps.log.debug(`role credentials expire at ${creds.expiration.toISOString()}`);
    return creds;
  } catch (error) {
    throw explain(ssoCallErrorOf(error), profile);
  }
}

function explain(e: SsoCallError, profile: SsoProfile) {
  const subject = profileSubject(profile.name);
  switch (e.kind) {
    case 'unauthorized':
      return loginNeeded(subject, `the SSO service no longer accepts the session's token (${e.summary})`, `Run: ${loginCommandLine(profile.session.name)}`);
    case 'forbidden':
      return failure(
        subject,
        `you may not assume role '${profile.roleName}' in account ${profile.accountId} (${e.summary})`,
        'Check sso_account_id and sso_role_name, or ask your IAM Identity Center administrator for that assignment.',
      );
    case 'throttled':
      return failure(subject, `the SSO service is throttling requests (${e.summary})`, 'Wait a moment and try again.');
    case 'server':
      return failure(subject, `the SSO service failed (${e.summary})`, 'Try again later.');
    case 'timeout':
    case 'network':
      return failure(subject, e.summary, 'Check the network connection and any AWS_ENDPOINT_URL* settings, then try again.');
    case 'invalid-response':
      return failure(subject, e.summary, 'Check that the SSO endpoint is the AWS SSO portal.');
    default:
      return failure(subject, `GetRoleCredentials failed (${e.summary})`, 'Try again; run with --debug for details.');
  }
}
