// What a raw config-file section is to botocore: which profile, sso-session or services block, if any.

import { buildAwsConfig } from '../config/buildAwsConfig.ts';

export type ConfigSectionName = { readonly kind: 'profile' | 'sso-session' | 'services'; readonly name: string };

/**
 * Asks buildAwsConfig itself (with the one section) rather than repeating its rules, so an edit finds exactly the
 * section the AWS CLI reads: `[profile  dev]`, `[profile "dev"]` and `[profiles dev]` are all profile dev, and
 * `[ profile dev ]` is none.
 */
export function classifyConfigSection(rawName: string): ConfigSectionName | null {
  const config = buildAwsConfig({ sections: new Map([[rawName, new Map()]]) }, null, { configFile: '', credentialsFile: '' });
  for (const [kind, map] of [['profile', config.profiles], ['sso-session', config.ssoSessions], ['services', config.services]] as const) {
    const name = map.keys().next();
    if (!name.done) return { kind, name: name.value };
  }
  return null;
}
