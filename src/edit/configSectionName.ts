// What a raw config-file section is to botocore: which profile, sso-session or services block, if any.

import { buildAwsConfig } from '../config/buildAwsConfig.ts';
import type { ScannedIni } from './iniLines.ts';

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

/**
 * For each profile (or sso-session) name, the index in the scan of the section botocore reads for it: where two
 * sections spell one name (`[profile a]`, `[profile "a"]`), the later, which wins whole.
 */
export function sectionsByName(scan: ScannedIni, kind: ConfigSectionName['kind']): Map<string, number> {
  const winner = new Map<string, number>();
  for (const [index, section] of scan.sections.entries()) {
    const named = classifyConfigSection(section.name);
    if (named?.kind === kind) winner.set(named.name, index);
  }
  return winner;
}
