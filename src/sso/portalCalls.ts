// The SSO portal calls (reference §5): GetRoleCredentials, ListAccounts, ListAccountRoles and Logout. Loaded with
// import() by their callers: the SSO client is compiled only by a run that calls the portal, and never for an SSO-OIDC
// call (oidcCalls.ts).

import { GetRoleCredentialsCommand, ListAccountRolesCommand, ListAccountsCommand, LogoutCommand, SSOClient } from '@aws-sdk/client-sso';
import type { RoleCredentials } from '../credentials/roleCredentials.ts';
import { callService } from './callService.ts';
import { clientOptions } from './clientOptions.ts';
import type { Endpoint } from './endpoints.ts';
import { validateAccountPage, validateRolePage, validateRoleCredentials, type AccountPage, type RolePage } from './validateResponses.ts';

export interface RoleRequest {
  readonly region: string;
  readonly accessToken: string;
  readonly accountId: string;
  readonly roleName: string;
}

/** The short-lived IAM role credentials for one account and role. Throws SsoCallError. */
export async function getRoleCredentialsCall(endpoint: Endpoint, request: RoleRequest, now: () => Date): Promise<RoleCredentials> {
  const out = await callService({
    endpoint: endpoint.url,
    client: () => new SSOClient(clientOptions(request.region, endpoint.url)),
    send: (client, options) =>
      client.send(new GetRoleCredentialsCommand({ accessToken: request.accessToken, accountId: request.accountId, roleName: request.roleName }), options),
  });
  return validateRoleCredentials(out.roleCredentials, request.accountId, now(), endpoint.url);
}

/** Ends the sign-in session at the service, so its access and refresh tokens stop working. Throws SsoCallError. */
export async function logoutCall(endpoint: Endpoint, region: string, accessToken: string): Promise<void> {
  await callService({
    endpoint: endpoint.url,
    client: () => new SSOClient(clientOptions(region, endpoint.url)),
    send: (client, options) => client.send(new LogoutCommand({ accessToken }), options),
  });
}

/** The most either list call may return at once (the service refuses more): fewer pages, fewer calls. */
const LIST_PAGE_SIZE = 100;

/** One page of the accounts the token's user may access. Throws SsoCallError. */
export async function listAccountsPageCall(endpoint: Endpoint, region: string, accessToken: string, nextToken: string | undefined): Promise<AccountPage> {
  const out = await callService({
    endpoint: endpoint.url,
    client: () => new SSOClient(clientOptions(region, endpoint.url)),
    send: (client, options) => client.send(new ListAccountsCommand({ accessToken, maxResults: LIST_PAGE_SIZE, nextToken }), options),
  });
  return validateAccountPage(out, endpoint.url);
}

/** One page of the roles the token's user may assume in an account. Throws SsoCallError. */
export async function listAccountRolesPageCall(
  endpoint: Endpoint,
  region: string,
  accessToken: string,
  accountId: string,
  nextToken: string | undefined,
): Promise<RolePage> {
  const out = await callService({
    endpoint: endpoint.url,
    client: () => new SSOClient(clientOptions(region, endpoint.url)),
    send: (client, options) => client.send(new ListAccountRolesCommand({ accessToken, accountId, maxResults: LIST_PAGE_SIZE, nextToken }), options),
  });
  return validateRolePage(out, accountId, endpoint.url);
}
