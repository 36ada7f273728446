// Which legacy SSO profiles move to which sso-session, and which cannot move safely, with why (pure).

import { sessionSubject } from '../config/ssoProfile.ts';
import { whyNotPortableName } from '../config/portableName.ts';
import { suggestSessionName } from '../config/suggestSessionName.ts';
import type { AwsConfig, IniSection, IniValue, RawIni } from '../config/types.ts';
import { configError } from '../errors.ts';
import { inheritedDefaults, sameSection } from './checkEdit.ts';
import { sectionsByName } from './configSectionName.ts';
import { scanIni, type ScannedIni } from './iniLines.ts';

/** The keys that move from a legacy profile into its sso-session. */
export const MOVED_KEYS = ['sso_start_url', 'sso_region', 'sso_registration_scopes'] as const;
/**
 * The scopes a new session gets when its profiles named none: with them IAM Identity Center issues a refresh
 * token, which is what ends the fixed 8-hour legacy session (the scope `aws configure sso` writes).
 */
export const DEFAULT_SCOPES = 'sso:account:access';

export interface LegacyProfile {
  readonly name: string;
  /** Index into the scan's sections: the section the AWS CLI reads for this profile. */
  readonly section: number;
  readonly startUrl: string;
  readonly region: string;
  readonly scopes: string | undefined;
}

export interface SessionGroup {
  readonly name: string;
  /** An `[sso-session]` that already has this start URL and region (or the --session-name given): nothing added. */
  readonly exists: boolean;
  readonly startUrl: string;
  readonly region: string;
  readonly scopes: string;
  readonly profiles: readonly LegacyProfile[];
}

export interface SkippedProfile {
  readonly profile: string;
  readonly why: string;
}

export interface MigrationPlan {
  readonly groups: readonly SessionGroup[];
  readonly skipped: readonly SkippedProfile[];
}

export interface MigrationInput {
  readonly text: string;
  /** parseIni(text): the config file. */
  readonly raw: RawIni;
  /** buildAwsConfig of the config file and the credentials file, as the AWS CLI sees them together. */
  readonly config: AwsConfig;
  readonly credentials: RawIni | null;
  readonly sessionName: string | undefined;
}

export function planMigration(input: MigrationInput): MigrationPlan {
  const scan = scanIni(input.text);
  const found = findLegacyProfiles(scan, input.config, input.credentials);
  const skipped: SkippedProfile[] = [...found.skipped];
  const pairs = groupByStartUrl(found.legacy);
  if (input.sessionName !== undefined) checkSessionName(input.sessionName, pairs.length);

  const defaults = inheritedDefaults(input.text);
  const taken = new Set<string>();
  const groups: SessionGroup[] = [];
  for (const members of pairs) {
    const { startUrl, region } = members[0]!;
    if (input.sessionName !== undefined) checkExistingSessionName(input.sessionName, startUrl, region, input.config);
    const named = input.sessionName ?? suggestSessionName(input.config, startUrl, region, taken).name;
    const existing = input.config.ssoSessions.get(named);
    const scopesNamed = [...new Set(members.flatMap((p) => (p.scopes === undefined ? [] : [p.scopes])))];
    const skipAll = (why: string) => skipped.push(...members.map((p) => ({ profile: p.name, why })));
    if (scopesNamed.length > 1) {
      skipAll(`its profiles for ${startUrl} (${region}) name different sso_registration_scopes (${scopesNamed.join(' / ')}); make them equal or remove them`);
      continue;
    }
    const scopes = scopesNamed[0];
    if (existing && scopes !== undefined && existing.get('sso_registration_scopes') !== scopes) {
      skipAll(`its sso_registration_scopes '${scopes}' differ from those of the existing [sso-session ${named}]`);
      continue;
    }
    const session: IniSection = existing ?? new Map<string, IniValue>([...defaults, ['sso_start_url', startUrl], ['sso_region', region], ['sso_registration_scopes', scopes ?? DEFAULT_SCOPES]]);
    const movable: LegacyProfile[] = [];
    for (const profile of members) {
      const why = whySessionConflicts(input.config.profiles.get(profile.name)!, session, named);
      if (why) skipped.push({ profile: profile.name, why });
      else movable.push(profile);
    }
    if (movable.length === 0) continue;
    taken.add(named);
    groups.push({ name: named, exists: existing !== undefined, startUrl, region, scopes: scopes ?? DEFAULT_SCOPES, profiles: movable });
  }
  return { groups, skipped: sortByFileOrder(skipped, input.config) };
}

/**
 * Legacy: `sso_start_url` or `sso_region` and no `sso_session` (the contract's rule). A profile moves only when
 * the edit can say everything the old keys said: its keys are in its own section of this file (not inherited from
 * [DEFAULT] nor set in the credentials file, where removing them from the section would change nothing or expose
 * another value), and its start URL and region are plain one-line values to group by.
 */
export function findLegacyProfiles(
  scan: ScannedIni,
  config: AwsConfig,
  credentials: RawIni | null,
): { legacy: LegacyProfile[]; skipped: SkippedProfile[] } {
  const winner = sectionsByName(scan, 'profile');
  const defaultKeys = new Set(scan.sections.filter((s) => s.name === 'DEFAULT').flatMap((s) => s.options.map((o) => o.key)));
  const legacy: LegacyProfile[] = [];
  const skipped: SkippedProfile[] = [];
  for (const [name, profile] of config.profiles) {
    if (profile.has('sso_session') || !(profile.has('sso_start_url') || profile.has('sso_region'))) continue;
    const skip = (why: string) => skipped.push({ profile: name, why });
    const inCredentials = MOVED_KEYS.filter((k) => credentials?.sections.get(name)?.has(k));
    const index = winner.get(name);
    if (inCredentials.length > 0 || index === undefined) {
      skip(`its ${(inCredentials.length > 0 ? inCredentials : ['SSO settings']).join(' and ')} ${inCredentials.length === 1 ? 'is' : 'are'} in the credentials file ${config.credentialsFile}; move them to the profile in the config file first`);
      continue;
    }
    const own = new Set(scan.sections[index]!.options.map((o) => o.key));
    const inherited = MOVED_KEYS.filter((k) => profile.has(k) && !own.has(k));
    if (inherited.length > 0) {
      skip(`its ${inherited.join(' and ')} come${inherited.length === 1 ? 's' : ''} from [DEFAULT], which every profile and session shares`);
      continue;
    }
    const shadowing = MOVED_KEYS.filter((k) => own.has(k) && defaultKeys.has(k));
    if (shadowing.length > 0) {
      skip(`[DEFAULT] also sets ${shadowing.join(' and ')}: without the profile's own value, that one would apply`);
      continue;
    }
    const problems = (['sso_start_url', 'sso_region', 'sso_registration_scopes'] as const).flatMap((key) => {
      const why = whyNotPlainValue(profile.get(key), key !== 'sso_registration_scopes');
      return why ? [`${key} ${why}`] : [];
    });
    if (problems.length > 0) {
      skip(problems.join(', '));
      continue;
    }
    const scopes = profile.get('sso_registration_scopes');
    legacy.push({
      name,
      section: index,
      startUrl: profile.get('sso_start_url') as string,
      region: profile.get('sso_region') as string,
      scopes: typeof scopes === 'string' ? scopes : undefined,
    });
  }
  return { legacy: legacy.sort((a, b) => a.section - b.section), skipped };
}

function whyNotPlainValue(value: IniValue | undefined, required: boolean): string | null {
  if (value === undefined) return required ? 'is missing' : null;
  if (typeof value !== 'string') return 'is a nested block';
  if (value.includes('\n')) return 'spans several lines';
  if (value === '') return 'is empty';
  return null;
}

/** One session per start URL and region, exactly as written (botocore compares them as strings), in file order. */
function groupByStartUrl(legacy: readonly LegacyProfile[]): LegacyProfile[][] {
  const groups = new Map<string, LegacyProfile[]>();
  for (const p of legacy) {
    const key = `${p.startUrl}\n${p.region}`;
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  return [...groups.values()];
}

/**
 * botocore refuses a profile whose own copy of a key the session also sets has another value. After the move the
 * profile keeps everything but the moved keys, so any other key of the session (one inherited from [DEFAULT], or
 * an existing session's extra key) must agree with the profile's.
 */
function whySessionConflicts(profile: IniSection, session: IniSection, sessionName: string): string | null {
  const differing = [...session].filter(([key, value]) => {
    if ((MOVED_KEYS as readonly string[]).includes(key)) return false;
    const own = profile.get(key);
    return own !== undefined && !sameSection(new Map([[key, own]]), new Map([[key, value]]));
  });
  if (differing.length === 0) return null;
  const keys = differing.map(([k]) => k).join(', ');
  return `it and [sso-session ${sessionName}] would both set ${keys}, with different values, which the AWS CLI refuses`;
}

function checkSessionName(name: string, groups: number): void {
  const why = whyNotPortableName(name);
  if (why) throw configError('usage', `--session-name '${name}' ${why}`, 'Choose another --session-name.');
  if (groups > 1) {
    throw configError(
      'usage',
      `--session-name names one session, but the legacy profiles use ${groups} different start URLs or regions`,
      'Run keyrack-cp migrate without --session-name: each start URL gets its own readable name.',
    );
  }
}

/** An explicit --session-name that already exists must be the same IAM Identity Center, or nothing is moved. */
function checkExistingSessionName(name: string, startUrl: string, region: string, config: AwsConfig): void {
  const existing = config.ssoSessions.get(name);
  if (!existing) return;
  if (existing.get('sso_start_url') === startUrl && existing.get('sso_region') === region) return;
  throw configError(
    sessionSubject(name),
    `already exists in ${config.configFile} with another start URL or region than the legacy profiles' (${startUrl}, ${region})`,
    'Choose another --session-name, or run without it.',
  );
}

function sortByFileOrder(skipped: SkippedProfile[], config: AwsConfig): SkippedProfile[] {
  const order = [...config.profiles.keys()];
  return skipped.sort((a, b) => order.indexOf(a.profile) - order.indexOf(b.profile));
}
