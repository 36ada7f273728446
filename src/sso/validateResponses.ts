// The SSO and SSO-OIDC answers, checked where they enter: what a later step gets is complete, or the call failed
// with 'invalid-response'. Pure. One check per kind of answer, whichever call or flow received it.

import type { RoleCredentials } from '../credentials/roleCredentials.ts';
import { SsoCallError } from './ssoCallError.ts';

export type WireRoleCredentials = { accessKeyId?: string; secretAccessKey?: string; sessionToken?: string; expiration?: number };

/**
 * GetRoleCredentials. All four fields must be there (the JS SDK's rule), and the expiry must be ahead of us: a server
 * that sends seconds instead of milliseconds yields a 1970 date, which botocore also refuses.
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

/** A token CreateToken issued, whatever the grant (refresh, device code, authorization code). */
export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
  /** Absent when the service issued none (a registration without the refresh scope). */
  readonly refreshToken: string | undefined;
}

/** CreateToken: a token we would write to the shared cache must be complete. */
export function validateIssuedToken(out: { accessToken?: string; expiresIn?: number; refreshToken?: string }, endpoint: string): IssuedToken {
  if (typeof out.accessToken !== 'string' || out.accessToken === '' || typeof out.expiresIn !== 'number' || !(out.expiresIn > 0)) {
    throw new SsoCallError('invalid-response', `${endpoint} answered CreateToken without an access token and its lifetime`);
  }
  const refreshToken = typeof out.refreshToken === 'string' && out.refreshToken !== '' ? out.refreshToken : undefined;
  return { accessToken: out.accessToken, expiresInSeconds: out.expiresIn, refreshToken };
}

/** The OAuth client RegisterClient made, with what was asked of it (the registration cache keeps both). */
export interface Registration {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly expiresAt: Date;
  readonly scopes: readonly string[];
  /** [] for the device flow's registration, which names no grant types (as the CLI registers it). */
  readonly grantTypes: readonly string[];
}

export function validateRegistration(
  out: { clientId?: string; clientSecret?: string; clientSecretExpiresAt?: number },
  asked: { scopes: readonly string[]; grantTypes?: readonly string[] },
  endpoint: string,
): Registration {
  if (!out.clientId || !out.clientSecret || typeof out.clientSecretExpiresAt !== 'number') {
    throw new SsoCallError('invalid-response', `${endpoint} answered RegisterClient without a client id, secret and expiry`);
  }
  return {
    clientId: out.clientId,
    clientSecret: out.clientSecret,
    expiresAt: new Date(out.clientSecretExpiresAt * 1000),
    scopes: [...asked.scopes],
    grantTypes: [...(asked.grantTypes ?? [])],
  };
}

export interface DeviceAuthorization {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete: string;
  readonly expiresInSeconds: number | undefined;
  readonly intervalSeconds: number | undefined;
}

export function validateDeviceAuthorization(
  out: { deviceCode?: string; userCode?: string; verificationUri?: string; verificationUriComplete?: string; expiresIn?: number; interval?: number },
  endpoint: string,
): DeviceAuthorization {
  if (!out.deviceCode || !out.userCode || !out.verificationUri) {
    throw new SsoCallError('invalid-response', `${endpoint} answered StartDeviceAuthorization without a device code, user code and verification URL`);
  }
  return {
    deviceCode: out.deviceCode,
    userCode: out.userCode,
    verificationUri: out.verificationUri,
    verificationUriComplete: out.verificationUriComplete || out.verificationUri,
    expiresInSeconds: out.expiresIn,
    intervalSeconds: out.interval,
  };
}

/** An account the user may access, as ListAccounts names it (the name and e-mail are the organisation's labels). */
export interface PortalAccount {
  readonly accountId: string;
  /** The account id when the service gave no name. */
  readonly accountName: string;
}

export interface AccountPage {
  readonly accounts: readonly PortalAccount[];
  readonly nextToken: string | undefined;
}

export interface RolePage {
  readonly roleNames: readonly string[];
  readonly nextToken: string | undefined;
}

const nextTokenOf = (token: unknown) => (typeof token === 'string' && token !== '' ? token : undefined);

/** ListAccounts: every entry has an account id; a page with none that does is not the SSO API's answer. */
export function validateAccountPage(out: { accountList?: { accountId?: string; accountName?: string }[]; nextToken?: string }, endpoint: string): AccountPage {
  const list = out.accountList ?? [];
  if (!Array.isArray(list) || list.some((a) => typeof a?.accountId !== 'string' || a.accountId === '')) {
    throw new SsoCallError('invalid-response', `${endpoint} answered ListAccounts with an account that has no id`);
  }
  return {
    accounts: list.map((a) => ({ accountId: a.accountId!, accountName: typeof a.accountName === 'string' && a.accountName !== '' ? a.accountName : a.accountId! })),
    nextToken: nextTokenOf(out.nextToken),
  };
}

/** ListAccountRoles: role names, each of the account asked about (a role of another account would be assigned wrongly). */
export function validateRolePage(out: { roleList?: { roleName?: string; accountId?: string }[]; nextToken?: string }, accountId: string, endpoint: string): RolePage {
  const list = out.roleList ?? [];
  const bad = !Array.isArray(list) || list.some((r) => typeof r?.roleName !== 'string' || r.roleName === '' || (r.accountId !== undefined && r.accountId !== accountId));
  if (bad) throw new SsoCallError('invalid-response', `${endpoint} answered ListAccountRoles for account ${accountId} with a role that has no name or belongs to another account`);
  return { roleNames: list.map((r) => r.roleName!), nextToken: nextTokenOf(out.nextToken) };
}
