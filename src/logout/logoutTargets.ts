// What a logout removes, decided from the config and the files' content. Pure.

import type { AwsConfig } from '../config/types.ts';
import { parseAwsTimestamp } from '../token/awsTimestamp.ts';

export interface RoleEntry {
  readonly profile: string;
  readonly accountId: string;
  readonly roleName: string;
  readonly sessionName: string;
}

/**
 * The role-credential cache entries a session's profiles may have: one per profile that names the session and its
 * account and role (the AWS CLI v2 key needs exactly those three). Computed rather than searched for, so a logout
 * of one session never touches another session's entries.
 */
export function roleEntriesOfSession(config: AwsConfig, sessionName: string): RoleEntry[] {
  const entries: RoleEntry[] = [];
  for (const [profile, section] of config.profiles) {
    const [session, accountId, roleName] = ['sso_session', 'sso_account_id', 'sso_role_name'].map((k) => section.get(k));
    if (session !== sessionName || typeof accountId !== 'string' || typeof roleName !== 'string' || accountId === '' || roleName === '') continue;
    if (!entries.some((e) => e.accountId === accountId && e.roleName === roleName)) entries.push({ profile, accountId, roleName, sessionName });
  }
  return entries;
}

export type LogoutCall = { readonly call: true; readonly accessToken: string; readonly region: string | undefined } | { readonly call: false; readonly why: string };

/**
 * Whether the SSO service is asked to end the session: only with an access token it would still accept (an expired
 * one cannot authenticate the Logout call; deleting the file still removes the refresh token from this machine).
 */
export function planLogoutCall(text: string, now: Date): LogoutCall {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return { call: false, why: 'the token file is not valid JSON' };
  }
  const accessToken = typeof doc?.accessToken === 'string' && doc.accessToken !== '' ? doc.accessToken : null;
  if (!accessToken) return { call: false, why: 'the token file holds no access token' };
  const expiresAt = parseAwsTimestamp(doc.expiresAt);
  if (expiresAt && expiresAt.getTime() <= now.getTime()) return { call: false, why: 'its access token has expired, so the service would not accept a Logout' };
  return { call: true, accessToken, region: typeof doc.region === 'string' && doc.region !== '' ? doc.region : undefined };
}

/** `aws sso logout`'s test for a token file among the cache's `*.json` (registrations have no accessToken). */
export function isTokenFile(text: string): boolean {
  try {
    const doc = JSON.parse(text) as Record<string, unknown> | null;
    return typeof doc === 'object' && doc !== null && 'accessToken' in doc;
  } catch {
    return false;
  }
}

/** `aws sso logout`'s test for a role-credential cache entry it owns: `ProviderType == "sso"`. */
export function isSsoRoleEntry(text: string): boolean {
  try {
    return (JSON.parse(text) as Record<string, unknown> | null)?.ProviderType === 'sso';
  } catch {
    return false;
  }
}
