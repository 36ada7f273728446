// The tool in one sentence: read the profile, get the session's token, trade it for role credentials.

import { readAwsConfig } from './config/readAwsConfig.ts';
import { resolveSsoProfile } from './config/resolveSsoProfile.ts';
import { profileSubject } from './config/ssoProfile.ts';
import { getRoleCredentials } from './credentials/getRoleCredentials.ts';
import type { Logger } from './log.ts';
import { resolveSsoEndpoints } from './sso/endpoints.ts';
import type { RoleCredentials } from './sso/fetchRoleCredentials.ts';
import { getAccessToken } from './token/getAccessToken.ts';

export interface RunContext {
  readonly profile: string;
  readonly home: string;
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => Date;
  readonly log: Logger;
}

export async function getCredentials(ctx: RunContext): Promise<RoleCredentials> {
  const config = readAwsConfig(ctx.env, ctx.home);
  ctx.log.debug(`config ${config.configFile}, credentials ${config.credentialsFile}`);
  const profile = resolveSsoProfile(config, ctx.profile);
  ctx.log.debug(`profile '${profile.name}': sso-session '${profile.session.name}' (${profile.session.startUrl}, ${profile.session.region})`);
  const endpoints = resolveSsoEndpoints(config, profile.name, profile.session.region, ctx.env, profileSubject(profile.name));

  const accessToken = await getAccessToken(profile.session, {
    home: ctx.home,
    now: ctx.now,
    log: ctx.log,
    refresh: async (grant) => (await import('./sso/refreshAccessToken.ts')).refreshAccessToken(endpoints.oidc, profile.session.region, grant, ctx.now),
    withLock: async (target, subject, log, work) => (await import('./token/sessionLock.ts')).withSessionLock(target, subject, log, work),
  });

  return getRoleCredentials(profile, endpoints.portal, accessToken, {
    log: ctx.log,
    fetch: async (endpoint, request) => (await import('./sso/fetchRoleCredentials.ts')).fetchRoleCredentials(endpoint, request, ctx.now),
  });
}
