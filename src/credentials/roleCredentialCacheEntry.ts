// A role-credential cache entry: its format (the AWS CLI v2's) and whether it may be served. Pure.

import { formatAwsTimestamp, parseAwsTimestamp } from '../token/awsTimestamp.ts';
import { parseJson } from '../fs/parseJson.ts';
import type { RoleCredentials } from './roleCredentials.ts';

/**
 * Served only with more than 15 minutes left: botocore re-invokes a credential_process whose credentials are inside
 * its 15-minute advisory window on every access, so anything shorter would make each SDK call spawn us again.
 */
export const ROLE_CREDENTIALS_MIN_LIFETIME_MS = 15 * 60_000;

/** What botocore's SSOCredentialFetcher stores, key for key and in its order. */
export function roleCredentialCacheDocument(creds: RoleCredentials): Record<string, unknown> {
  return {
    ProviderType: 'sso',
    Credentials: {
      AccessKeyId: creds.accessKeyId,
      SecretAccessKey: creds.secretAccessKey,
      SessionToken: creds.sessionToken,
      Expiration: formatAwsTimestamp(creds.expiration),
      AccountId: creds.accountId,
    },
  };
}

/** The entry's credentials, or null with why it cannot be used (never quoting the file: it holds secrets). */
export function parseRoleCredentialCache(text: string): { creds: RoleCredentials } | { problem: string } {
  const parsed = parseJson(text);
  if (!parsed.ok) return { problem: 'not valid JSON' };
  const c = (parsed.value as { Credentials?: Record<string, unknown> } | null)?.Credentials;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const expiration = parseAwsTimestamp(c?.Expiration);
  const [accessKeyId, secretAccessKey, sessionToken, accountId] = [c?.AccessKeyId, c?.SecretAccessKey, c?.SessionToken, c?.AccountId].map(str);
  if (!accessKeyId || !secretAccessKey || !sessionToken || !expiration) return { problem: 'incomplete' };
  return { creds: { accessKeyId, secretAccessKey, sessionToken, expiration, accountId: accountId ?? '' } };
}

/** null when servable, else why not. */
export function whyNotServable(creds: RoleCredentials, accountId: string, now: Date): string | null {
  const left = creds.expiration.getTime() - now.getTime();
  if (left <= ROLE_CREDENTIALS_MIN_LIFETIME_MS) return `only ${Math.max(0, Math.floor(left / 60_000))} min left`;
  if (creds.accountId !== '' && creds.accountId !== accountId) return 'it is for another account';
  return null;
}
