// The tool in one sentence: read the profile, then get its role credentials, cached while they last or fresh for
// the session's token (refreshed once however many processes ask); the caller formats them.

import { readAwsConfig } from './config/readAwsConfig.ts';
import { resolveSsoProfile } from './config/resolveSsoProfile.ts';
import { credentialPath, type PathContext } from './credentialPath.ts';
import { getRoleCredentials } from './credentials/getRoleCredentials.ts';
import type { RoleCredentials } from './credentials/roleCredentials.ts';

export interface RunContext extends PathContext {
  readonly profile: string;
}

export async function getCredentials(ctx: RunContext): Promise<RoleCredentials> {
  const config = readAwsConfig(ctx.env, ctx.home, ctx.platform);
  ctx.log.debug(`config ${config.configFile}, credentials ${config.credentialsFile}`);
  const profile = resolveSsoProfile(config, ctx.profile);
  ctx.log.debug(`profile '${profile.name}': sso-session '${profile.session.name}' (${profile.session.startUrl}, ${profile.session.region})`);
  return getRoleCredentials(profile, credentialPath(config, profile, ctx));
}
