// The migration a legacy SSO profile needs, written out from the user's own values.

import { configError, type KeyrackError } from '../errors.ts';
import { awsLoginCommandLine, loginCommandLine } from '../remedies.ts';
import { profileSubject } from './ssoProfile.ts';
import { suggestSessionName } from './suggestSessionName.ts';
import type { AwsConfig, IniSection } from './types.ts';

const LEGACY_KEYS = ['sso_start_url', 'sso_region'] as const;

const text = (section: IniSection, key: string): string | undefined => {
  const v = section.get(key);
  return typeof v === 'string' ? v : undefined;
};

/**
 * Why we refuse rather than accept: legacy login registers one OAuth client per profile (the browser shows
 * "botocore-client-<profile>"), gets no refresh token (a fixed 8-hour session), and AWS recommends sso-session.
 */
export function legacyProfileError(config: AwsConfig, profileName: string, profile: IniSection): KeyrackError {
  const startUrl = text(profile, 'sso_start_url') ?? '<your start URL>';
  const region = text(profile, 'sso_region') ?? '<your SSO region>';
  const session = suggestSessionName(config, startUrl, region);
  const present = LEGACY_KEYS.filter((k) => profile.has(k));

  const sessionBlock = session.exists
    ? `  (the existing [sso-session ${session.name}] already has this start URL and region)\n`
    : [
        `  [sso-session ${session.name}]`,
        `  sso_start_url = ${startUrl}`,
        `  sso_region = ${region}`,
        `  sso_registration_scopes = sso:account:access`,
        '',
      ].join('\n');
  const profileLines = [
    `  [profile ${profileName}]`,
    `  sso_session = ${session.name}`,
    ...['sso_account_id', 'sso_role_name'].flatMap((k) => {
      const v = text(profile, k);
      return v === undefined ? [] : [`  ${k} = ${v}`];
    }),
  ];
  const problem =
    `uses the legacy SSO configuration (${present.join(' and ')} in the profile itself), which keyrack-cp does not ` +
    `accept: it cannot refresh (a fixed 8-hour session) and registers a separate "botocore-client-${profileName}" ` +
    `client at every login`;
  const remedy =
    `Move the SSO settings into an sso-session in ${config.configFile}:\n\n` +
    `${sessionBlock}\n${profileLines.join('\n')}\n\n` +
    `remove ${present.join(' and ')} from [profile ${profileName}] (keep its other keys), ` +
    `then run: ${loginCommandLine(session.name)} (or ${awsLoginCommandLine(session.name)}). ` +
    `keyrack-cp migrate makes this edit for every legacy profile (--dry-run shows it first).`;
  return configError(profileSubject(profileName), problem, remedy);
}
