// The tool in one sentence: read the profile, serve cached role credentials while they last, else get the session's
// token and trade it for role credentials (once, however many processes ask), and cache them.

import { statSync } from 'node:fs';
import { readAwsConfig } from './config/readAwsConfig.ts';
import { resolveSsoProfile } from './config/resolveSsoProfile.ts';
import { profileSubject, type SsoProfile } from './config/ssoProfile.ts';
import { getRoleCredentialCachePath } from './credentials/roleCredentialCachePath.ts';
import { whyNotServable } from './credentials/roleCredentialCacheEntry.ts';
import { readRoleCredentialCache, writeRoleCredentialCache } from './credentials/roleCredentialCacheStore.ts';
import { getRoleCredentials } from './credentials/getRoleCredentials.ts';
import { loadLockChunk, loadSdkChunk } from './chunks/loadChunk.ts';
import { readAutoLoginEnv } from './login/autoLoginSetting.ts';
import { AUTO_LOGIN_LOCK_WAIT_MS } from './login/loginLimits.ts';
import type { Logger } from './log.ts';
import type { Platform } from './platform/platform.ts';
import { resolveSsoEndpoints } from './sso/endpoints.ts';
import type { RoleCredentials } from './sso/fetchRoleCredentials.ts';
import { getAccessToken } from './token/getAccessToken.ts';
import { getTokenCachePath } from './token/tokenCachePath.ts';

export interface RunContext {
  readonly profile: string;
  readonly home: string;
  /** The platform's rules for paths, modes, the terminal and the browser (platform/); read once by the entry point. */
  readonly platform: Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => Date;
  readonly log: Logger;
  /** Neither read nor write the role-credential cache. */
  readonly noCache?: boolean;
  /** Sign in when the session needs it (--auto-login); when not given, KEYRACK_CP_AUTO_LOGIN decides. */
  readonly autoLogin?: boolean;
}

export async function getCredentials(ctx: RunContext): Promise<RoleCredentials> {
  const config = readAwsConfig(ctx.env, ctx.home, ctx.platform);
  ctx.log.debug(`config ${config.configFile}, credentials ${config.credentialsFile}`);
  const profile = resolveSsoProfile(config, ctx.profile);
  ctx.log.debug(`profile '${profile.name}': sso-session '${profile.session.name}' (${profile.session.startUrl}, ${profile.session.region})`);

  const cachePath = ctx.noCache
    ? null
    : getRoleCredentialCachePath(ctx.home, { accountId: profile.accountId, roleName: profile.roleName, sessionName: profile.session.name }, ctx.platform);
  const cached = cachePath && fromCache(cachePath, profile, ctx);
  if (cached) return cached;

  const endpoints = resolveSsoEndpoints(config, profile.name, profile.session.region, ctx.env, profileSubject(profile.name));
  const accessToken = await getAccessToken(profile.session, {
    home: ctx.home,
    platform: ctx.platform,
    now: ctx.now,
    log: ctx.log,
    refresh: async (grant) => (await loadSdkChunk()).refreshAccessToken(endpoints.oidc, profile.session.region, grant, ctx.now),
    withLock: async (target, subject, log, work, options) => (await loadLockChunk()).withSessionLock(target, subject, log, work, options),
    login: (ctx.autoLogin ?? readAutoLoginEnv(ctx.env) === true)
      ? {
          lockWaitMs: AUTO_LOGIN_LOCK_WAIT_MS,
          prepare: async (reason) =>
            (await loadSdkChunk()).prepareAutoLogin({ session: profile.session, oidcEndpoint: endpoints.oidc.url, home: ctx.home, platform: ctx.platform, env: ctx.env, now: ctx.now, log: ctx.log }, reason),
        }
      : undefined,
  });
  const fetch = () =>
    getRoleCredentials(profile, endpoints.portal, accessToken, {
      log: ctx.log,
      fetch: async (endpoint, request) => (await loadSdkChunk()).fetchRoleCredentials(endpoint, request, ctx.now),
    });
  if (!cachePath) return fetch();

  // Single flight: processes that start together with an empty cache queue here; the first fetches and writes,
  // the others find its entry when they get the lock.
  const { withSessionLock } = await loadLockChunk();
  return withSessionLock(cachePath, profileSubject(profile.name), ctx.log, async () => {
    const again = fromCache(cachePath, profile, ctx);
    if (again) return again;
    const creds = await fetch();
    try {
      writeRoleCredentialCache(cachePath, creds, ctx.platform);
      ctx.log.debug(`cached in ${cachePath}`);
    } catch (error) {
      // A cache: failing to write it costs the next run a network call, nothing more.
      ctx.log.debug(`could not cache in ${cachePath} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return creds;
  });
}

/**
 * The hot path: a cache entry with more than 15 minutes left, served only while the session's token file exists
 * (after a logout, cached credentials must not outlive the login, the "cache lies" of other tools).
 */
function fromCache(path: string, profile: SsoProfile, ctx: RunContext): RoleCredentials | null {
  const entry = readRoleCredentialCache(path);
  if ('problem' in entry) {
    ctx.log.debug(`role-credential cache ${path}: ${entry.problem}`);
    return null;
  }
  ctx.log.secret(entry.creds.secretAccessKey);
  ctx.log.secret(entry.creds.sessionToken);
  const why = whyNotServable(entry.creds, profile.accountId, ctx.now());
  if (why) {
    ctx.log.debug(`role-credential cache ${path}: not served, ${why}`);
    return null;
  }
  if (!statSync(getTokenCachePath(ctx.home, profile.session.name, ctx.platform), { throwIfNoEntry: false })) {
    ctx.log.debug(`role-credential cache ${path}: not served, the session is logged out (no token file)`);
    return null;
  }
  ctx.log.debug(`role-credential cache ${path}: served, expires ${entry.creds.expiration.toISOString()}`);
  return { ...entry.creds, accountId: profile.accountId };
}
