// SSO portal GetRoleCredentials: the short-lived IAM role credentials for one account and role.

import { CALL_DEADLINE_MS } from './callPolicy.ts';
import type { Endpoint } from './endpoints.ts';
import { clientOptions, loadSso } from './sdkClients.ts';
import { classifySdkError, SsoCallError } from './ssoCallError.ts';

export interface RoleCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
  readonly accountId: string;
}

export interface RoleRequest {
  readonly region: string;
  readonly accessToken: string;
  readonly accountId: string;
  readonly roleName: string;
}

export async function fetchRoleCredentials(endpoint: Endpoint, request: RoleRequest, now: () => Date): Promise<RoleCredentials> {
  const { SSOClient, GetRoleCredentialsCommand } = await loadSso();
  const client = new SSOClient(clientOptions(request.region, endpoint.url));
  try {
    const out = await client.send(
      new GetRoleCredentialsCommand({ accessToken: request.accessToken, accountId: request.accountId, roleName: request.roleName }),
      { abortSignal: AbortSignal.timeout(CALL_DEADLINE_MS) },
    );
    return validateRoleCredentials(out.roleCredentials, request.accountId, now(), endpoint.url);
  } catch (error) {
    throw classifySdkError(error, endpoint.url);
  } finally {
    client.destroy();
  }
}

type WireRoleCredentials = { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string; expiration?: number };

/**
 * All four fields must be there (the JS SDK's rule), and the expiry must be ahead of us: a server that sends
 * seconds instead of milliseconds yields a 1970 date, which botocore also refuses.
 */
export function validateRoleCredentials(rc: WireRoleCredentials | undefined, accountId: string, now: Date, endpoint: string): RoleCredentials {
  const fields = ['accessKeyId', 'secretAccessKey', 'sessionToken'] as const;
  const missing = rc ? fields.filter((f) => typeof rc[f] !== 'string' || rc[f] === '') : ['roleCredentials'];
  if (rc && typeof rc.expiration !== 'number') missing.push('expiration');
  if (!rc || missing.length > 0) {
    throw new SsoCallError('invalid-response', `${endpoint} answered GetRoleCredentials without ${missing.join(', ')}`);
  }
  const expiration = new Date(rc.expiration!);
  if (!(expiration.getTime() > now.getTime())) {
    throw new SsoCallError('invalid-response', `${endpoint} returned role credentials that had already expired (${Number.isNaN(expiration.getTime()) ? 'no valid date' : expiration.toISOString()})`);
  }
  return { accessKeyId: rc.accessKeyId!, secretAccessKey: rc.secretAccessKey!, sessionToken: rc.sessionToken!, expiration, accountId };
}
