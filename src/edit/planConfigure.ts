// What configure writes: an [sso-session] and a profile naming it, each added, kept as it is, or changed (only with
// --force where it already says otherwise); refused where the result would not be a plain sso-session profile. The
// values are checked by the credential path's own rules (resolveSsoSession, resolveSsoProfile) on the sections as
// they would read, [DEFAULT]'s keys included. Pure: the config in, the plan or a KeyrackError with the reason out.

import { resolveSsoProfile, resolveSsoSession } from '../config/resolveSsoProfile.ts';
import { profileSubject, sessionSubject, type SsoProfile, type SsoSession } from '../config/ssoProfile.ts';
import type { AwsConfig, IniSection, IniValue, RawIni } from '../config/types.ts';
import { configError, KeyrackError } from '../errors.ts';
import { printable } from '../text/printable.ts';
import { whyNotAnswer, type ConfigureField } from './configureAnswers.ts';
import { DEFAULT_SCOPES } from './planMigration.ts';
import { withEntries } from './planPopulate.ts';
import { DEFAULT_TEMPLATE, uniqueProfileNames, type Assignment } from './populateNames.ts';
import type { KeyValues } from './sectionEdits.ts';
import { OTHER_SOURCES } from './whyNotOutputProfile.ts';

export { DEFAULT_SCOPES };

/**
 * A profile with both resolves differently in botocore (SSO wins) and the JS SDK (the process wins): aws-sso-util#101.
 * configure never writes one.
 */
const MIXING = 'credential_process';

export interface SectionPlan<T> {
  readonly kind: 'sso-session' | 'profile';
  readonly name: string;
  /** The values the section will have, validated as the credential path reads them. */
  readonly value: T;
  /** The section as it will read (parseIni's view: [DEFAULT]'s keys inherited). */
  readonly section: IniSection;
  readonly action: 'add' | 'keep' | 'update';
  /** The keys to write, in order (none for 'keep'). */
  readonly entries: KeyValues;
  /** The header a new section gets. */
  readonly header: string;
}

/** Only what was given is compared with an existing session: a value left out is the session's own. */
export interface SessionAnswers {
  readonly startUrl?: string | undefined;
  readonly region?: string | undefined;
  readonly scopes?: string | undefined;
}

/** `defaults`: what a new section inherits from [DEFAULT] (checkEdit.inheritedDefaults of the file's text). */
export function planSession(config: AwsConfig, name: string, given: SessionAnswers, force: boolean, defaults: IniSection): SectionPlan<SsoSession> {
  const subject = sessionSubject(name);
  const badName = whyNotAnswer('sso-session', name);
  if (badName) throw configError(subject, badName, 'Choose another sso-session name.');
  const wanted: [string, ConfigureField, string | undefined][] = [
    ['sso_start_url', 'start-url', given.startUrl],
    ['sso_region', 'region', given.region],
    ['sso_registration_scopes', 'scopes', given.scopes],
  ];
  for (const [key, field, value] of wanted) {
    const why = value === undefined ? null : whyNotAnswer(field, value);
    if (why) throw configError(subject, `${key} '${value}' ${why}`, `Give another --${field}.`);
  }
  const existing = config.ssoSessions.get(name);
  // A new session gets the scopes with which IAM Identity Center issues a refresh token, as aws configure sso does.
  if (!existing && given.scopes === undefined) wanted[2]![2] = DEFAULT_SCOPES;
  const entries = wanted.filter(([key, , value]) => value !== undefined && existing?.get(key) !== value).map(([key, , value]): [string, string] => [key, value!]);
  const conflicting = entries.filter(([key]) => existing?.has(key));
  if (existing && conflicting.length > 0 && !force) {
    throw configError(subject, `already exists in ${config.configFile} with other values: ${differences(existing, conflicting)}`, 'Leave those values out to use the session as it is, or pass --force to change them.');
  }
  const section = withEntries(existing ?? defaults, entries);
  const value = resolveSsoSession({ ...config, ssoSessions: new Map([[name, section]]) }, name);
  return { kind: 'sso-session', name, value, section, action: actionOf(existing, entries), entries, header: `sso-session ${name}` };
}

/**
 * Refused whatever the account and role (so before any sign-in), --force or not: names the SDKs read differently, a
 * profile whose section is also in the credentials file (the SDKs merge its keys in), one that gets its credentials
 * another way (it would then have two), and a legacy SSO profile (migrate moves it). Nothing is ever written beside a
 * credential_process, the profile's own or [DEFAULT]'s.
 */
export function checkProfileName(config: AwsConfig, credentials: RawIni | null, name: string, defaults: IniSection): void {
  const subject = profileSubject(name);
  const badName = whyNotAnswer('profile', name);
  if (badName) throw configError(subject, badName, 'Choose another profile name.');
  const other = 'Choose another profile name';
  if (credentials?.sections.has(name)) {
    throw configError(subject, `has a section in the credentials file ${config.credentialsFile} too, whose keys the AWS SDKs would mix with these`, `${other}, or remove [${name}] from the credentials file.`);
  }
  const existing = config.profiles.get(name);
  if ((existing ?? defaults).has(MIXING)) {
    const fromDefault = defaults.has(MIXING);
    throw configError(
      subject,
      `${existing && !fromDefault ? 'has' : 'would have'} a ${MIXING}${fromDefault ? ' (from [DEFAULT], which every profile inherits)' : ''}, and a profile with it and sso_* keys resolves differently in botocore and the JS SDK`,
      fromDefault ? `Move ${MIXING} out of [DEFAULT] into the profiles that use it.` : `${other}.`,
    );
  }
  const sources = [...OTHER_SOURCES, 'aws_access_key_id'].filter((key) => existing?.has(key));
  if (sources.length > 0) {
    throw configError(subject, `gets its credentials another way (it has ${sources.join(', ')})`, `${other}, or remove ${sources.length === 1 ? 'that key' : 'those keys'} from it first.`);
  }
  if (existing && !existing.has('sso_session') && (existing.has('sso_start_url') || existing.has('sso_region'))) {
    throw configError(subject, 'is a legacy SSO profile (sso_start_url or sso_region and no sso_session)', `Run keyrack-cp migrate first, or ${other.toLowerCase()}.`);
  }
}

export interface ProfileAnswers {
  readonly name: string;
  readonly accountId: string;
  readonly roleName: string;
  /** The profile's own `region`; left out, the profile keeps the one it has (or has none). */
  readonly region?: string | undefined;
}

/** `sessionPlan`: planSession's, so the profile is checked against the session as it will read. */
export function planProfile(
  config: AwsConfig,
  credentials: RawIni | null,
  sessionPlan: SectionPlan<SsoSession>,
  answers: ProfileAnswers,
  force: boolean,
  defaults: IniSection,
): SectionPlan<SsoProfile> {
  const { name } = answers;
  const subject = profileSubject(name);
  checkProfileName(config, credentials, name, defaults);
  const wanted: [string, ConfigureField, string][] = [
    ['sso_session', 'sso-session', sessionPlan.name],
    ['sso_account_id', 'account', answers.accountId],
    ['sso_role_name', 'role', answers.roleName],
    ...(answers.region === undefined ? [] : [['region', 'profile-region', answers.region] as [string, ConfigureField, string]]),
  ];
  for (const [key, field, value] of wanted) {
    const why = whyNotAnswer(field, value);
    if (why) throw configError(subject, `${key} '${value}' ${why}`, `Give another --${field}.`);
  }
  const existing = config.profiles.get(name);
  const entries = wanted.filter(([key, , value]) => existing?.get(key) !== value).map(([key, , value]): [string, string] => [key, value]);
  const conflicting = entries.filter(([key]) => existing?.has(key));
  if (existing && conflicting.length > 0 && !force) {
    throw configError(subject, `already exists in ${config.configFile} with other values: ${differences(existing, conflicting)}`, 'Choose another profile name, or pass --force to change it.');
  }
  const section = withEntries(existing ?? defaults, entries);
  const candidate = { ...config, profiles: new Map([[name, section]]), ssoSessions: new Map([...config.ssoSessions, [sessionPlan.name, sessionPlan.section]]) };
  const value = resolveSsoProfile(candidate, name);
  return { kind: 'profile', name, value, section, action: actionOf(existing, entries), entries, header: name === 'default' ? 'default' : `profile ${name}` };
}

/**
 * The name offered for the profile: one of the user's that already says this (sso_session, account and role), so
 * configuring it again changes nothing; else populate's default name for it, made unique among the profiles there are.
 */
export function suggestProfileName(config: AwsConfig, credentials: RawIni | null, sessionName: string, assignment: Assignment, defaults: IniSection): string {
  for (const [name, profile] of config.profiles) {
    const same = profile.get('sso_session') === sessionName && profile.get('sso_account_id') === assignment.accountId && profile.get('sso_role_name') === assignment.roleName;
    if (same && whyNotProfileName(config, credentials, name, defaults) === null) return name;
  }
  const taken = new Set([...config.profiles.keys(), ...(credentials?.sections.keys() ?? [])]);
  return uniqueProfileNames(DEFAULT_TEMPLATE, [assignment], taken)[0]!;
}

function whyNotProfileName(config: AwsConfig, credentials: RawIni | null, name: string, defaults: IniSection): string | null {
  try {
    checkProfileName(config, credentials, name, defaults);
    return null;
  } catch (error) {
    if (error instanceof KeyrackError) return error.problem;
    throw error;
  }
}

const actionOf = (existing: IniSection | undefined, entries: KeyValues): SectionPlan<unknown>['action'] => (!existing ? 'add' : entries.length > 0 ? 'update' : 'keep');

/** "sso_region 'eu-west-1' (not 'us-east-1')": only keys configure writes, none of them a secret. */
const differences = (existing: IniSection, entries: KeyValues) => entries.map(([k, v]) => `${k} ${quote(existing.get(k))} (not '${v}')`).join(', ');
const quote = (v: IniValue | undefined) => (typeof v === 'string' ? `'${printable(v, { newlines: false })}'` : v === undefined ? 'unset' : 'a nested block');
