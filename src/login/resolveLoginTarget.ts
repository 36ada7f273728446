// Which sso-session a login/logout is about: --sso-session S, or --profile P's session (AWS_PROFILE, else
// `default`), or the only sso-session in the config. Pure: config in, session and endpoint profile out.

import { resolveSsoProfile } from '../config/resolveSsoProfile.ts';
import { sessionSubject, type SsoSession } from '../config/ssoProfile.ts';
import type { AwsConfig } from '../config/types.ts';
import { configError } from '../errors.ts';

export interface LoginTarget {
  readonly session: SsoSession;
  /** The profile whose endpoint settings apply (as the CLI's own profile does), if it exists. */
  readonly endpointProfile: string;
  /** How the session was found, for --debug. */
  readonly via: string;
}

/** A profile name no config file can contain (section names cannot hold a NUL). */
const PROBE_PROFILE = '\u0000keyrack-cp-session-probe';

/**
 * An sso-session on its own, checked by exactly the rules a profile's session is checked by: resolveSsoProfile is
 * asked about a profile that names only this session.
 */
export function resolveSsoSession(config: AwsConfig, name: string): SsoSession {
  const section = config.ssoSessions.get(name);
  if (!section) {
    const known = [...config.ssoSessions.keys()];
    throw configError(
      sessionSubject(name),
      `is not defined in ${config.configFile}`,
      known.length > 0 ? `Use one of: ${known.join(', ')}.` : `Add [sso-session ${name}] with sso_start_url and sso_region (aws configure sso-session writes it).`,
    );
  }
  const probe = new Map([['sso_session', name], ['sso_account_id', '000000000000'], ['sso_role_name', 'probe']]);
  const profiles = new Map(config.profiles);
  profiles.set(PROBE_PROFILE, probe);
  return resolveSsoProfile({ ...config, profiles }, PROBE_PROFILE).session;
}

export function resolveLoginTarget(
  config: AwsConfig,
  options: { profile?: string | undefined; ssoSession?: string | undefined },
  env: NodeJS.ProcessEnv,
): LoginTarget {
  if (options.profile !== undefined && options.ssoSession !== undefined) {
    throw configError('usage', '--profile and --sso-session name the same thing two ways', 'Pass one of them.');
  }
  const currentProfile = env.AWS_PROFILE ?? 'default';
  if (options.ssoSession !== undefined) {
    return { session: resolveSsoSession(config, options.ssoSession), endpointProfile: currentProfile, via: '--sso-session' };
  }
  if (options.profile !== undefined) {
    return { session: resolveSsoProfile(config, options.profile).session, endpointProfile: options.profile, via: '--profile' };
  }
  if (!config.profiles.has(currentProfile) && env.AWS_PROFILE === undefined) {
    // Nothing named and no default profile: a config with one sso-session leaves no doubt which is meant.
    const sessions = [...config.ssoSessions.keys()];
    if (sessions.length === 1) {
      return { session: resolveSsoSession(config, sessions[0]!), endpointProfile: currentProfile, via: 'the only sso-session in the config' };
    }
    throw configError(
      'usage',
      `no --profile or --sso-session given, and ${config.configFile} has no 'default' profile`,
      sessions.length > 0 ? `Pass --sso-session NAME (one of: ${sessions.join(', ')}) or --profile NAME.` : `Add an [sso-session NAME] to ${config.configFile} (aws configure sso-session writes it).`,
    );
  }
  return { session: resolveSsoProfile(config, currentProfile).session, endpointProfile: currentProfile, via: env.AWS_PROFILE ? 'AWS_PROFILE' : "the 'default' profile" };
}
