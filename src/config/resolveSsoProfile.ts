// Which profile, and is it an sso-session profile we can serve? Pure: config in, SsoProfile or KeyrackError out.

import { configError } from '../errors.ts';
import { printable } from '../text/printable.ts';
import { legacyProfileError } from './legacyProfileError.ts';
import { shlexSplit } from '../text/pyString.ts';
import { profileSubject, sessionSubject, type SsoProfile, type SsoSession } from './ssoProfile.ts';
import type { AwsConfig, IniSection } from './types.ts';

/** Keys whose values must never be echoed, even in a conflict message. */
const SECRET_KEY = /secret|token|password|credential_process/i;

/** What `aws sso login` needs from the session section itself (botocore's token provider reads only that). */
const SESSION_KEYS = ['sso_start_url', 'sso_region'] as const;
const PROFILE_KEYS = ['sso_session', 'sso_account_id', 'sso_role_name'] as const;

const ACCOUNT_ID = /^\d{12}$/;
/**
 * IAM role names (a permission set's name becomes one) hold letters, digits and +=,.@_- only, 64 at most. Anything
 * else (a space, a control character, a megabyte) is a typo the service would answer with a confusing error.
 */
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** The AWS access portal's URL, https only: the sign-in sends the browser there, and the token is issued for it. */
const START_URL = /^https:\/\/[^/\s]+/i;
/** AWS region names: lower-case words and digits joined by dashes (us-east-1, eusc-de-east-1, us-iso-east-1). */
const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;
/** The same rules for values given elsewhere (a profile's `region` that populate writes, configure's answers). */
export const isRegionName = (value: string): boolean => REGION.test(value);
export const isAccountId = (value: string): boolean => ACCOUNT_ID.test(value);
export const isRoleName = (value: string): boolean => ROLE_NAME.test(value);
export const isStartUrl = (value: string): boolean => START_URL.test(value);

export function resolveSsoProfile(config: AwsConfig, name: string): SsoProfile {
  const subject = profileSubject(name);
  const profile = config.profiles.get(name);
  if (!profile) {
    throw configError(subject, `is not defined in ${config.configFile}`, pickProfileRemedy(config));
  }
  const has = (k: string) => profile.has(k);

  if (!has('sso_session') && (has('sso_start_url') || has('sso_region'))) {
    throw legacyProfileError(config, name, profile);
  }
  if (!PROFILE_KEYS.some(has)) {
    if (runsKeyrackCp(profile.get('credential_process'))) {
      throw configError(
        subject,
        'has no SSO settings: its own credential_process runs keyrack-cp, so keyrack-cp would be asked for itself',
        `Name the sso-session profile instead: credential_process = keyrack-cp --profile <sso profile>. ${pickProfileRemedy(config)}`,
      );
    }
    throw configError(subject, 'has no SSO settings (sso_session, sso_account_id, sso_role_name)', pickProfileRemedy(config));
  }

  const missing = PROFILE_KEYS.filter((k) => !nonEmpty(profile, k));
  if (missing.length > 0) {
    throw configError(subject, `is missing ${list(missing)} in ${config.configFile}`, `Add ${missing.map((k) => `'${k} = …'`).join(', ')} to [profile ${name}].`);
  }
  const sessionName = value(profile, 'sso_session', subject);
  const sessionSection = config.ssoSessions.get(sessionName);
  if (!sessionSection) {
    const known = [...config.ssoSessions.keys()];
    throw configError(
      subject,
      `names sso_session ${quoted(sessionName)}, but ${config.configFile} has no [sso-session ${sessionName}] section`,
      known.length > 0
        ? `Set sso_session to one of: ${known.join(', ')}; or add [sso-session ${sessionName}] with sso_start_url and sso_region.`
        : `Add [sso-session ${sessionName}] with sso_start_url and sso_region (aws configure sso-session writes it).`,
    );
  }

  // botocore: every key the session defines must agree with the profile's copy, if the profile has one.
  for (const [key, sessionValue] of sessionSection) {
    const profileValue = profile.get(key);
    if (profileValue === undefined || sameValue(profileValue, sessionValue)) continue;
    const show = (v: typeof sessionValue) => (SECRET_KEY.test(key) ? '(hidden)' : typeof v === 'string' ? quoted(v) : '(a nested block)');
    throw configError(
      subject,
      `${key} is ${show(profileValue)} in the profile but ${show(sessionValue)} in [sso-session ${sessionName}]`,
      `Remove ${key} from [profile ${name}] (the sso-session's value applies) or make the two equal.`,
    );
  }

  const session = sessionFrom(config, sessionName, sessionSection);
  const accountId = value(profile, 'sso_account_id', subject);
  if (!ACCOUNT_ID.test(accountId)) {
    throw configError(subject, `sso_account_id ${quoted(accountId)} is not a 12-digit AWS account id`, 'Fix sso_account_id (config values take no inline comments: a trailing "# ..." is part of the value).');
  }
  const roleName = value(profile, 'sso_role_name', subject);
  if (!ROLE_NAME.test(roleName)) {
    throw configError(subject, `sso_role_name ${quoted(roleName)} is not an IAM role name`, 'Use the role (permission set) name the AWS access portal shows: letters, digits and +=,.@_- only, at most 64 characters.');
  }
  return { name, accountId, roleName, session };
}

/**
 * An sso-session on its own (what `login --sso-session` and `status` name), checked by exactly the rules a
 * profile's session is checked by.
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
  return sessionFrom(config, name, section);
}

/** The session's own keys: what `aws sso login` needs from the section itself (botocore's token provider reads only that). */
function sessionFrom(config: AwsConfig, sessionName: string, sessionSection: IniSection): SsoSession {
  const sSubject = sessionSubject(sessionName);
  const missingInSession = SESSION_KEYS.filter((k) => !nonEmpty(sessionSection, k));
  if (missingInSession.length > 0) {
    throw configError(sSubject, `is missing ${list(missingInSession)} in ${config.configFile}`, `Add ${missingInSession.map((k) => `'${k} = …'`).join(', ')} to [sso-session ${sessionName}].`);
  }
  const startUrl = value(sessionSection, 'sso_start_url', sSubject);
  if (!isStartUrl(startUrl)) {
    throw configError(sSubject, `sso_start_url ${quoted(startUrl)} is not an https URL`, 'Use the AWS access portal URL, e.g. https://d-1234567890.awsapps.com/start.');
  }
  const region = value(sessionSection, 'sso_region', sSubject);
  if (!REGION.test(region)) {
    throw configError(sSubject, `sso_region ${quoted(region)} is not an AWS region name`, 'Use the region of your IAM Identity Center instance, e.g. us-east-1 (config values take no inline comments).');
  }
  const scopes = sessionSection.get('sso_registration_scopes');
  return {
    name: sessionName,
    startUrl,
    region,
    registrationScopes: typeof scopes === 'string' ? scopes.split(',').map((s) => s.trim()).filter(Boolean) : [],
  };
}

/** A profile's credential_process that starts keyrack-cp: as its command, or as the script node runs. */
export function runsKeyrackCp(command: unknown): boolean {
  if (typeof command !== 'string') return false;
  // botocore splits the command with shlex before running it: quoted paths with spaces are one word.
  const words = shlexSplit(command) ?? [];
  const isKeyrack = (w: string | undefined) => w !== undefined && /(^|[/\\])keyrack-cp(\.cjs|\.exe)?$/.test(w);
  const isNode = (w: string | undefined) => w !== undefined && /(^|[/\\])node(js)?(\.exe)?$/.test(w);
  return isKeyrack(words[0]) || (isNode(words[0]) && isKeyrack(words[1]));
}

function pickProfileRemedy(config: AwsConfig): string {
  const sso = [...config.profiles].filter(([, p]) => p.has('sso_session')).map(([n]) => n);
  return sso.length > 0
    ? `Use --profile with an sso-session profile: ${sso.join(', ')}.`
    : `Add an sso-session profile to ${config.configFile} (aws configure sso writes one), then pass it with --profile.`;
}

function nonEmpty(section: IniSection, key: string): boolean {
  const v = section.get(key);
  return typeof v === 'string' ? v.trim() !== '' : v !== undefined;
}

function value(section: IniSection, key: string, subject: string): string {
  const v = section.get(key);
  if (typeof v !== 'string') {
    throw configError(subject, `${key} is a nested block, not a value`, `Write it on one line: ${key} = <value>.`);
  }
  return v;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  const ma = a as ReadonlyMap<string, string>;
  const mb = b as ReadonlyMap<string, string>;
  return ma.size === mb.size && [...ma].every(([k, v]) => mb.get(k) === v);
}

const list = (keys: readonly string[]) => keys.join(', ');

/** A value from the file, quoted on one line: a value continued over several lines would break the paragraph. */
const quoted = (value: string) => `'${printable(value, { newlines: false })}'`;
