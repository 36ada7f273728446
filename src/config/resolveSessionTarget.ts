// Which sso-session a command about sessions (login, logout) addresses: --sso-session S, or --profile P's session
// (AWS_PROFILE, else `default`), or the only sso-session in the config. Pure: config in, session and endpoint
// profile out.

import { configError } from '../errors.ts';
import { resolveSsoProfile, resolveSsoSession } from './resolveSsoProfile.ts';
import type { SsoSession } from './ssoProfile.ts';
import type { AwsConfig } from './types.ts';

/** A profile with none of these is not an attempt at an SSO profile. */
const SSO_KEYS = ['sso_session', 'sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'];

export interface SessionTarget {
  readonly session: SsoSession;
  /** The profile whose endpoint settings apply (as the CLI's own profile does), if it exists. */
  readonly endpointProfile: string;
  /** How the session was found, for --debug. */
  readonly via: string;
}

export function resolveSessionTarget(
  config: AwsConfig,
  options: { profile?: string | undefined; ssoSession?: string | undefined },
  env: NodeJS.ProcessEnv,
): SessionTarget {
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
  const defaultProfile = config.profiles.get(currentProfile);
  const noSsoDefault = !defaultProfile || !SSO_KEYS.some((k) => defaultProfile.has(k));
  if (noSsoDefault && env.AWS_PROFILE === undefined) {
    // Nothing named and no default profile, or one with no SSO settings at all (a `[default]` holding only a region
    // is common): a config with one sso-session leaves no doubt which is meant.
    const sessions = [...config.ssoSessions.keys()];
    if (sessions.length === 1) {
      return { session: resolveSsoSession(config, sessions[0]!), endpointProfile: currentProfile, via: 'the only sso-session in the config' };
    }
    throw configError(
      'usage',
      `no --profile or --sso-session given, and ${config.configFile} has no 'default' SSO profile`,
      sessions.length > 0 ? `Pass --sso-session NAME (one of: ${sessions.join(', ')}) or --profile NAME.` : `Add an [sso-session NAME] to ${config.configFile} (aws configure sso-session writes it).`,
    );
  }
  return { session: resolveSsoProfile(config, currentProfile).session, endpointProfile: currentProfile, via: env.AWS_PROFILE ? 'AWS_PROFILE' : "the 'default' profile" };
}
