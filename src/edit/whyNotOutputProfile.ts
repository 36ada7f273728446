// Which names write-credentials may write static credentials under, and why not the others (pure).

import type { AwsConfig } from '../config/types.ts';

const SSO_KEYS = ['sso_session', 'sso_start_url', 'sso_region', 'sso_account_id', 'sso_role_name'];
/** Keys by which a profile already gets its credentials some other way; static keys beside them change its meaning. */
export const OTHER_SOURCES = ['credential_process', 'role_arn', 'credential_source', 'web_identity_token_file'];

/**
 * null when `name` can take the credentials; else why not. The name must mean the same section to botocore
 * (which takes credentials-file names literally) and to the JS SDK (which drops `[a b]` and fails the whole file on
 * `[__proto__]`), must not be configparser's [DEFAULT] (whose keys every profile inherits), and must not be a
 * profile that gets credentials another way: for an SSO profile the SDKs would pick the static keys over SSO (JS) or
 * ignore them (botocore), and either way the profile would no longer be what the user configured.
 */
export function whyNotOutputProfile(name: string, config: AwsConfig): string | null {
  if (name === '') return 'is empty';
  if (/[\s[\]]/.test(name) || /[\x00-\x1f\x7f]/.test(name)) return 'has a space, a bracket or a control character, which the AWS SDKs read differently';
  if (name === 'DEFAULT') return 'is the [DEFAULT] section, whose keys every profile inherits';
  if (name === '__proto__') return 'is a name the AWS SDK for JavaScript cannot read (it would ignore the whole file)';
  const profile = config.profiles.get(name);
  if (!profile) return null;
  const sso = SSO_KEYS.filter((k) => profile.has(k));
  if (sso.length > 0) return `is an SSO profile (it has ${sso.join(', ')})`;
  const other = OTHER_SOURCES.filter((k) => profile.has(k));
  if (other.length > 0) return `gets its credentials another way (it has ${other.join(', ')})`;
  return null;
}
