// The real pieces of the credential path, put together for one profile: the token (its cache, the refresh, the
// session's lock, --auto-login's sign-in) and the role credentials (their cache, the entry's lock, the portal call).
// Each heavy piece is loaded with import() the first time it is needed: those imports are the chunk boundaries of
// both artifacts, so a cache hit compiles none of them, the token-valid path only the portal's client, a refresh
// also the SSO-OIDC client, and a process that only waits for another's refresh only the lock.

import { statSync } from 'node:fs';
import type { AwsConfig } from './config/types.ts';
import { profileSubject, type SsoProfile, type SsoSession } from './config/ssoProfile.ts';
import type { RoleCredentialDeps } from './credentials/getRoleCredentials.ts';
import { fetchRoleCredentials } from './credentials/fetchRoleCredentials.ts';
import { getRoleCredentialCachePath } from './credentials/roleCredentialCachePath.ts';
import { readRoleCredentialCache, writeRoleCredentialCache } from './credentials/roleCredentialCacheStore.ts';
import type { Logger } from './log.ts';
import type { Platform } from './platform/platform.ts';
import { resolveSsoEndpoints } from './sso/endpoints.ts';
import { getAccessToken, type TokenDeps } from './token/getAccessToken.ts';
import { AUTO_LOGIN_LOCK_WAIT_MS } from './token/signInLimits.ts';
import { getTokenCachePath } from './token/tokenCachePath.ts';

export interface PathContext {
  readonly home: string;
  readonly platform: Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => Date;
  readonly log: Logger;
  readonly noCache: boolean;
  readonly autoLogin: boolean;
}

const withLock: TokenDeps['withLock'] = async (target, subject, log, work, options) => (await import('./lock/withFileLock.ts')).withFileLock(target, subject, log, work, options);

/**
 * What getAccessToken needs for one session: its refresh call, the lock, and --auto-login's sign-in. Shared by the
 * credential path and the commands that need the session's token itself (populate, configure).
 */
export function sessionTokenDeps(session: SsoSession, oidcEndpoint: string, ctx: Omit<PathContext, 'noCache'>): TokenDeps {
  const { home, platform, log, now } = ctx;
  return {
    home,
    platform,
    now,
    log,
    refresh: async (grant) => (await import('./sso/oidcCalls.ts')).refreshTokenCall(oidcEndpoint, session.region, grant),
    withLock,
    login: ctx.autoLogin
      ? {
          lockWaitMs: AUTO_LOGIN_LOCK_WAIT_MS,
          prepare: async (reason) => (await import('./login/autoLogin.ts')).prepareAutoLogin({ session, oidcEndpoint, home, platform, env: ctx.env, now, log }, reason),
        }
      : undefined,
  };
}

export function credentialPath(config: AwsConfig, profile: SsoProfile, ctx: PathContext): RoleCredentialDeps {
  const { home, platform, log, now } = ctx;
  const { session } = profile;
  const endpoints = resolveSsoEndpoints(config, profile.name, session.region, ctx.env, profileSubject(profile.name));
  const tokenPath = getTokenCachePath(home, session.name, platform);
  const tokenDeps = sessionTokenDeps(session, endpoints.oidc.url, ctx);
  return {
    log,
    now,
    cachePath: ctx.noCache ? null : getRoleCredentialCachePath(home, { accountId: profile.accountId, roleName: profile.roleName, sessionName: session.name }, platform),
    readCache: readRoleCredentialCache,
    writeCache: (path, creds) => writeRoleCredentialCache(path, creds, platform),
    loggedIn: () => statSync(tokenPath, { throwIfNoEntry: false }) !== undefined,
    getAccessToken: () => getAccessToken(session, tokenDeps),
    fetch: (accessToken) =>
      fetchRoleCredentials(profile, endpoints.portal, accessToken, {
        log,
        call: async (endpoint, request) => (await import('./sso/portalCalls.ts')).getRoleCredentialsCall(endpoint, request, now),
      }),
    withLock,
  };
}
