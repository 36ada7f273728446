// What configure needs to know, each answer's rule (the credential path's own), and which answers are still missing
// for the config as it is. Pure.

import { whyNotPortableName } from '../config/portableName.ts';
import { isAccountId, isRegionName, isRoleName, isStartUrl } from '../config/resolveSsoProfile.ts';
import type { AwsConfig } from '../config/types.ts';

/**
 * In the order they are asked, as `aws configure sso` asks them (the profile's name before its region here, so the
 * region offered can be the one the profile already has); each is also the flag's name. `region` is the
 * sso-session's, `profile-region` the profile's own `region` key, where its AWS calls go.
 */
export const CONFIGURE_FIELDS = ['sso-session', 'start-url', 'region', 'scopes', 'account', 'role', 'profile', 'profile-region'] as const;
export type ConfigureField = (typeof CONFIGURE_FIELDS)[number];

export type ConfigureAnswers = { readonly [F in ConfigureField]?: string | undefined };

/** How each field reads in a usage line. */
export const FIELD_PLACEHOLDER: Readonly<Record<ConfigureField, string>> = {
  'sso-session': 'NAME',
  'start-url': 'URL',
  region: 'REGION',
  scopes: 'SCOPES',
  account: 'ID',
  role: 'NAME',
  profile: 'NAME',
  'profile-region': 'REGION',
};

/** A value written on one line of the config file: no line break, no other control character. */
const CONTROL = /[\x00-\x1f\x7f]/;

/**
 * null when the value is fine, else what is wrong with it, to follow the value in a sentence ("'EU West' is not an
 * AWS region name"). The same rules as the credential path applies when it reads the file (resolveSsoProfile), so
 * what configure writes is what keyrack-cp and botocore then accept; names by the portable-name rule.
 */
export function whyNotAnswer(field: ConfigureField, value: string): string | null {
  switch (field) {
    case 'sso-session':
    case 'profile':
      return whyNotPortableName(value);
    case 'start-url':
      return isStartUrl(value) && !/\s/.test(value) && !CONTROL.test(value) ? null : 'is not an https URL (the AWS access portal URL, such as https://d-1234567890.awsapps.com/start)';
    case 'region':
    case 'profile-region':
      return isRegionName(value) ? null : 'is not an AWS region name (such as us-east-1)';
    case 'scopes': {
      const scopes = value.split(',').map((s) => s.trim());
      return scopes.every((s) => s !== '' && !/\s/.test(s) && !CONTROL.test(s)) ? null : 'is not a comma-separated list of scopes (such as sso:account:access)';
    }
    case 'account':
      return isAccountId(value) ? null : 'is not a 12-digit AWS account id';
    case 'role':
      return isRoleName(value) ? null : 'is not an IAM role name (letters, digits and +=,.@_- only, at most 64)';
  }
}

/**
 * The answers that must still come from somewhere (a question, or a flag), in the order asked. An existing
 * sso-session's own start URL and region stand in for those not given; the scopes have a default and the profile's
 * region is optional, so they are never missing (a terminal still asks them). Without the session's name it is unknown whether it exists,
 * so its start URL and region count as missing too.
 */
export function missingAnswers(given: ConfigureAnswers, config: AwsConfig): ConfigureField[] {
  const session = given['sso-session'] === undefined ? undefined : config.ssoSessions.get(given['sso-session']);
  const sessionHas = (key: string) => {
    const value = session?.get(key);
    return typeof value === 'string' && value.trim() !== '';
  };
  const stands: Partial<Record<ConfigureField, boolean>> = { 'start-url': sessionHas('sso_start_url'), region: sessionHas('sso_region'), scopes: true, 'profile-region': true };
  return CONFIGURE_FIELDS.filter((field) => given[field] === undefined && !stands[field]);
}
