// STS GetCallerIdentity over the Query protocol (POST / with a form body, XML back), answering only for role
// credentials the emulator issued, with a verified SigV4 signature: a consumer's successful call proves it signed
// with the access key, secret key and session token keyrack-cp handed it.

import { createHash } from 'node:crypto';
import { parseAuthorization, verifySignature } from './sigv4.ts';
import type { EmulatorState, IssuedRoleCredentials } from './state.ts';
import { stsError, stsResult, type WireRequest, type WireResponse } from './wire.ts';

const SECURITY_TOKEN_HEADER = 'x-amz-security-token';

/** Query-protocol parameters: the query string and the form body together, as STS reads them. */
export function queryParams(req: Pick<WireRequest, 'url' | 'body'>): URLSearchParams {
  const params = new URLSearchParams(req.url.search);
  for (const [k, v] of new URLSearchParams(req.body)) params.set(k, v);
  return params;
}

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
}

/**
 * Who a set of SSO role credentials is, as AWS names it: the permission set becomes the IAM role
 * `AWSReservedSSO_<permission set>_<16 hex>` and the session is named after the signed-in user.
 */
export function callerIdentityOf(creds: Pick<IssuedRoleCredentials, 'accountId' | 'roleName' | 'user'>): CallerIdentity {
  const digest = createHash('sha256').update(`${creds.accountId}/${creds.roleName}`).digest();
  const suffix = digest.subarray(0, 8).toString('hex');
  const roleId = `AROA${Array.from(digest.subarray(8, 25), (b) => BASE32[b % 32]).join('')}`;
  return {
    account: creds.accountId,
    arn: `arn:aws:sts::${creds.accountId}:assumed-role/AWSReservedSSO_${creds.roleName}_${suffix}/${creds.user}`,
    userId: `${roleId}:${creds.user}`,
  };
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** The access key id a request claims to be signed with, for the call log (an identifier, not a secret). */
export function accessKeyIdOf(req: Pick<WireRequest, 'headers'>): string | undefined {
  const auth = parseAuthorization(req.headers.authorization);
  return typeof auth === 'object' ? auth.accessKeyId : undefined;
}

export function getCallerIdentity(req: WireRequest, state: EmulatorState): WireResponse {
  const auth = parseAuthorization(req.headers.authorization);
  if (auth === undefined) return stsError('MissingAuthenticationToken', 'Request is missing Authentication Token');
  if (typeof auth === 'string') return stsError('IncompleteSignature', auth);
  const creds = state.issuedRoleCredentials.find((c) => c.accessKeyId === auth.accessKeyId);
  const tokenHeader = req.headers[SECURITY_TOKEN_HEADER];
  const token = Array.isArray(tokenHeader) ? tokenHeader[0] : tokenHeader;
  // AWS does not say which of the key and the token it did not recognise.
  if (!creds || token !== creds.sessionToken) return stsError('InvalidClientTokenId', 'The security token included in the request is invalid.');
  const verdict = verifySignature(req, req.headers, auth, creds.secretAccessKey, 'sts', state.now());
  if (!verdict.ok) return stsError(verdict.code, verdict.message);
  if (creds.expiration <= state.now()) return stsError('ExpiredToken', 'The security token included in the request is expired');

  const who = callerIdentityOf(creds);
  return stsResult('GetCallerIdentity', { Arn: who.arn, UserId: who.userId, Account: who.account });
}
