// The cached client registration: where it lives, its format and when it may be reused — the AWS CLI v2's, so
// `aws sso login` and keyrack-cp share one registration per session (reference §3.5). Pure.

import { createHash } from 'node:crypto';
import type { SsoSession } from '../config/ssoProfile.ts';
import type { Registration } from '../sso/validateResponses.ts';
import { parseJson } from '../fs/parseJson.ts';
import { toPythonJson } from '../fs/pythonJson.ts';
import { pathFor, type Platform } from '../platform/platform.ts';
import { formatAwsTimestamp, parseAwsTimestamp } from '../token/awsTimestamp.ts';
import { getSsoCacheDir } from '../token/tokenCachePath.ts';

export type LoginFlow = 'pkce' | 'device';

export const GRANT_AUTHORIZATION_CODE = 'authorization_code';
export const GRANT_REFRESH_TOKEN = 'refresh_token';
/** What the authorization-code registration asks for (the CLI's list). */
export const PKCE_GRANT_TYPES: readonly string[] = [GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN];

/** The name the user sees on the consent page: one per tool, not "botocore-client-<profile>" per profile. */
export const CLIENT_NAME = 'keyrack-cp';

/** IAM Identity Center issues refresh tokens only to clients that registered this scope. */
export const DEFAULT_SCOPES: readonly string[] = ['sso:account:access'];

/** The CLI stops reusing a registration 15 minutes before it expires, so a login never starts on a dying one. */
export const REGISTRATION_REUSE_WINDOW_MS = 15 * 60_000;

/** The scopes we register: the session's sso_registration_scopes, else the default. */
export const registrationScopes = (session: SsoSession): readonly string[] =>
  session.registrationScopes.length > 0 ? session.registrationScopes : DEFAULT_SCOPES;

/**
 * sha1 of `json.dumps({"tool": "botocore", "startUrl", "region", "scopes", "session_name"}, sort_keys=True)` with
 * default separators; `scopes` is the configured list or null (even though the default scope is registered).
 */
export function registrationCacheKey(session: Pick<SsoSession, 'name' | 'startUrl' | 'region' | 'registrationScopes'>): string {
  const args = toPythonJson({
    region: session.region,
    scopes: session.registrationScopes.length > 0 ? session.registrationScopes : null,
    session_name: session.name,
    startUrl: session.startUrl,
    tool: 'botocore',
  });
  return createHash('sha1').update(args, 'utf8').digest('hex');
}

export const getRegistrationCachePath = (home: string, session: SsoSession, platform: Platform) =>
  pathFor(platform).join(getSsoCacheDir(home, platform), `${registrationCacheKey(session)}.json`);

/** Validated where it enters; problems never quote the file (it holds the client secret). */
export function parseRegistration(text: string): { registration: Registration } | { problem: string } {
  const parsed = parseJson(text);
  if (!parsed.ok) return { problem: 'not valid JSON' };
  const doc = parsed.value;
  const d = (typeof doc === 'object' && doc !== null ? doc : {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const strings = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : []);
  const clientId = str(d.clientId);
  const clientSecret = str(d.clientSecret);
  const expiresAt = parseAwsTimestamp(d.expiresAt);
  const missing = [clientId ? '' : 'clientId', clientSecret ? '' : 'clientSecret', expiresAt ? '' : 'expiresAt'].filter(Boolean);
  if (missing.length > 0) return { problem: `no valid ${missing.join(', ')}` };
  return { registration: { clientId: clientId!, clientSecret: clientSecret!, expiresAt: expiresAt!, scopes: strings(d.scopes), grantTypes: strings(d.grantTypes) } };
}

export type RegistrationPlan = { readonly action: 'reuse'; readonly reason: string } | { readonly action: 'register'; readonly reason: string };

/**
 * The CLI's rules (the auth-code flow needs the authorization_code grant, the device flow refuses it; not within 15
 * minutes of expiry), plus one of ours: a registration without our scopes would get no refresh token, so it is
 * replaced (the CLI's device flow registers without scopes when none are configured).
 */
export function planRegistration(cached: Registration | null, flow: LoginFlow, scopes: readonly string[], now: Date): RegistrationPlan {
  if (!cached) return { action: 'register', reason: 'no cached client registration' };
  if (cached.expiresAt.getTime() - now.getTime() <= REGISTRATION_REUSE_WINDOW_MS) {
    return { action: 'register', reason: 'the cached client registration expires within 15 minutes' };
  }
  const hasAuthCode = cached.grantTypes.includes(GRANT_AUTHORIZATION_CODE);
  if (flow === 'pkce' && !hasAuthCode) return { action: 'register', reason: 'the cached client registration is not for the authorization code grant' };
  if (flow === 'device' && hasAuthCode) return { action: 'register', reason: 'the cached client registration is for the browser flow, not the device code flow' };
  const missing = scopes.filter((s) => !cached.scopes.includes(s));
  if (missing.length > 0) return { action: 'register', reason: `the cached client registration lacks the scope ${missing.join(', ')}` };
  return { action: 'reuse', reason: `reusing the cached client registration (valid until ${formatAwsTimestamp(cached.expiresAt)})` };
}

/** The CLI's file, key for key: grantTypes only for the auth-code flow's registration. */
export function registrationDocument(registration: Registration): Record<string, unknown> {
  return {
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    expiresAt: formatAwsTimestamp(registration.expiresAt),
    scopes: [...registration.scopes],
    ...(registration.grantTypes.length > 0 ? { grantTypes: [...registration.grantTypes] } : {}),
  };
}
