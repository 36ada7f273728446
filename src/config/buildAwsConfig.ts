// Maps parsed files to profiles, sso-sessions and services as botocore's Session.full_config does.

import { shlexSplit } from '../text/pyString.ts';
import type { AwsConfig, IniSection, RawIni } from './types.ts';

const SECTION_KINDS = ['profile', 'sso-session', 'services'] as const;

export function buildAwsConfig(
  config: RawIni | null,
  credentials: RawIni | null,
  paths: { configFile: string; credentialsFile: string },
): AwsConfig {
  const named = { profile: new Map<string, IniSection>(), 'sso-session': new Map<string, IniSection>(), services: new Map<string, IniSection>() };
  for (const [section, values] of config?.sections ?? []) {
    // botocore's build_profile_map tests a bare prefix, so [profiles x] and [profilex y] are profiles too.
    const kind = SECTION_KINDS.find((prefix) => section.startsWith(prefix));
    if (kind) {
      const name = nameAfterPrefix(section);
      // Map.set keeps the first position and takes the later value, as dict.update does: the later section wins whole.
      if (name !== null) named[kind].set(name, values);
    } else if (section === 'default') {
      named.profile.set('default', values);
    }
    // Any other section ([preview], [ profile x ], [Profile x]) is not a profile and nothing here reads it.
  }
  // The credentials file's section names are taken literally ([profile x] there is a profile named "profile x")
  // and its keys override the config file's, key by key.
  for (const [section, values] of credentials?.sections ?? []) {
    const existing = named.profile.get(section);
    named.profile.set(section, existing ? new Map([...existing, ...values]) : values);
  }
  return {
    profiles: named.profile,
    ssoSessions: named['sso-session'],
    services: named.services,
    configFile: paths.configFile,
    credentialsFile: paths.credentialsFile,
  };
}

/** botocore's _parse_section: shlex-split the section name, keep it only when it is exactly two tokens. */
function nameAfterPrefix(section: string): string | null {
  const tokens = shlexSplit(section);
  return tokens?.length === 2 ? (tokens[1] as string) : null;
}
