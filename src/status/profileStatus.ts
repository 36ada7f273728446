// What each profile is to keyrack-cp: usable, legacy (with its fix), misconfigured (with the reason), or not an SSO
// profile at all. Pure: the same rules as the credential path, asked without stopping at the first bad profile.

import { legacyProfileError } from '../config/legacyProfileError.ts';
import { shlexSplit } from '../text/pyString.ts';
import { resolveSsoProfile, runsKeyrackCp } from '../config/resolveSsoProfile.ts';
import type { AwsConfig } from '../config/types.ts';
import { KeyrackError } from '../errors.ts';

export type ProfileStatus =
  | { readonly name: string; readonly kind: 'usable'; readonly session: string; readonly accountId: string; readonly roleName: string }
  | { readonly name: string; readonly kind: 'legacy'; readonly problem: string; readonly fix: string }
  | { readonly name: string; readonly kind: 'misconfigured'; readonly problem: string; readonly fix: string }
  | { readonly name: string; readonly kind: 'not-sso'; readonly note: string };

const SSO_PROFILE_KEYS = ['sso_session', 'sso_account_id', 'sso_role_name'];

export function profileStatus(config: AwsConfig, name: string): ProfileStatus {
  const section = config.profiles.get(name);
  if (section && !section.has('sso_session') && (section.has('sso_start_url') || section.has('sso_region'))) {
    const error = legacyProfileError(config, name, section);
    return { name, kind: 'legacy', problem: error.problem, fix: error.remedy };
  }
  if (section && !SSO_PROFILE_KEYS.some((k) => section.has(k))) return { name, kind: 'not-sso', note: describeOther(section) };
  try {
    const p = resolveSsoProfile(config, name);
    return { name, kind: 'usable', session: p.session.name, accountId: p.accountId, roleName: p.roleName };
  } catch (error) {
    if (!(error instanceof KeyrackError)) throw error;
    return { name, kind: 'misconfigured', problem: error.problem, fix: error.remedy };
  }
}

/**
 * What a non-SSO profile does, by the names of its keys only: values may be secrets (keys, commands with tokens).
 * A profile that runs keyrack-cp says for which profile, the one thing its command line is read for.
 */
function describeOther(section: ReadonlyMap<string, unknown>): string {
  const command = section.get('credential_process');
  if (runsKeyrackCp(command)) {
    const words = shlexSplit(command as string) ?? [];
    const at = words.findIndex((w) => w === '--profile' || w === '-p');
    const inline = words.find((w) => w.startsWith('--profile='));
    const target = at >= 0 ? words[at + 1] : inline?.slice('--profile='.length);
    return target ? `runs keyrack-cp for profile '${target}' (credential_process)` : 'runs keyrack-cp (credential_process)';
  }
  if (section.has('credential_process')) return 'runs another credential_process';
  if (section.has('role_arn')) return 'assumes a role (role_arn)';
  if (section.has('aws_access_key_id')) return 'static access keys';
  return 'no credential settings';
}
