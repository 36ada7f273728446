// Which profiles populate adds, updates in place, removes (--prune) or leaves alone, and why (pure). It recognises its
// own profiles by a key of their own section, POPULATE_MARKER, whose value names the sso-session they were written
// for; a profile without it is the user's and is never changed.

import { resolveSsoProfile } from '../config/resolveSsoProfile.ts';
import type { AwsConfig, IniSection, IniValue, RawIni } from '../config/types.ts';
import { configError, KeyrackError } from '../errors.ts';
import { inheritedDefaults } from './checkEdit.ts';
import { sectionsByName } from './configSectionName.ts';
import { scanIni, type ScannedIni } from './iniLines.ts';
import { uniqueProfileNames, type Assignment } from './populateNames.ts';

/**
 * A key the AWS CLI, botocore and the JS SDK ignore (they read only the keys they know), so the profile works the
 * same with it; in the profile's own section, so it stays through `aws configure set` (which rewrites the lines it
 * sets and keeps the others) and through any tool that keeps unknown keys, where a comment would not survive a tool
 * that rewrites the file from a parser. Its value is the sso-session: a populate of another session leaves it alone.
 */
export const POPULATE_MARKER = 'keyrack_cp_populate';
/** A profile with both resolves differently in botocore (SSO wins) and the JS SDK (the process wins): aws-sso-util#101. */
const MIXING = 'credential_process';

export interface PopulateInput {
  readonly text: string;
  readonly raw: RawIni;
  /** The config file and the credentials file together, as the AWS CLI reads them. */
  readonly config: AwsConfig;
  readonly credentials: RawIni | null;
  readonly session: string;
  /** Every account and role the user may use, each once (portal/listAssignments.ts). */
  readonly assignments: readonly Assignment[];
  readonly template: string;
  /** The profiles' `region`; undefined leaves an existing profile's as it is. */
  readonly region: string | undefined;
  readonly prune: boolean;
}

export interface PlannedProfile {
  readonly name: string;
  readonly assignment: Assignment;
  /** The keys and values to write, in order. */
  readonly entries: readonly (readonly [string, string])[];
}

export interface UpdatedProfile extends PlannedProfile {
  /** Index into scanIni(text).sections: the section botocore reads for this profile. */
  readonly section: number;
}

export interface OwnProfile {
  readonly name: string;
  readonly section: number;
  readonly accountId: string;
  readonly roleName: string;
}

export interface PopulatePlan {
  readonly add: readonly PlannedProfile[];
  /** Existing populated profiles for an assignment, in file order (unchanged ones included: the edit skips them). */
  readonly update: readonly UpdatedProfile[];
  readonly remove: readonly OwnProfile[];
  /** Populated profiles whose account or role is gone, kept because --prune was not given (or was refused). */
  readonly gone: readonly OwnProfile[];
  /** Assignments a profile of the user's (sso_session, account and role the same) already serves: none is added. */
  readonly covered: readonly { readonly name: string; readonly assignment: Assignment }[];
  readonly skipped: readonly { readonly what: string; readonly why: string }[];
}

/**
 * Refused before any network call: a [DEFAULT] whose credential_process every profile would inherit, which would
 * make each one populate writes mix it with sso_* keys.
 */
export function whyCannotPopulate(text: string): string | null {
  return inheritedDefaults(text).has(MIXING)
    ? `[DEFAULT] sets ${MIXING}, which every profile inherits: each profile populate writes would have both it and sso_* keys, which botocore and the JS SDK resolve differently`
    : null;
}

export function planPopulate(input: PopulateInput): PopulatePlan {
  const scan = scanIni(input.text);
  const why = whyCannotPopulate(input.text);
  if (why) throw configError(input.config.configFile, why, `Move ${MIXING} out of [DEFAULT] into the profiles that use it.`);
  const skipped: { what: string; why: string }[] = [];
  const own = ownProfiles(scan, input, skipped);
  const byAssignment = new Map<string, OwnProfile>();
  for (const p of own) {
    const key = assignmentKey(p);
    const first = byAssignment.get(key);
    if (first) skipped.push({ what: profileWhat(p.name), why: `populated for the same account and role as profile '${first.name}', which is the one kept up to date` });
    else byAssignment.set(key, p);
  }

  const regionEntry: [string, string][] = input.region === undefined ? [] : [['region', input.region]];
  const entriesFor = (a: Assignment): [string, string][] => [
    ['sso_session', input.session],
    ['sso_account_id', a.accountId],
    ['sso_role_name', a.roleName],
    ...regionEntry,
    [POPULATE_MARKER, input.session],
  ];

  const theirs = usersProfiles(input, new Set(own.map((p) => p.name)));
  const update: UpdatedProfile[] = [];
  const fresh: Assignment[] = [];
  const covered: { name: string; assignment: Assignment }[] = [];
  for (const a of input.assignments) {
    const existing = byAssignment.get(assignmentKey(a));
    const mine = theirs.get(assignmentKey(a));
    if (!existing && mine !== undefined) covered.push({ name: mine, assignment: a });
    if (!existing) {
      if (mine === undefined) fresh.push(a);
      continue;
    }
    const entries = entriesFor(a);
    const problem = whyNotUpdate(scan, existing, entries.map(([k]) => k), input) ?? whyNotResolve(existing.name, withEntries(input.config.profiles.get(existing.name)!, entries), input.config);
    if (problem) skipped.push({ what: profileWhat(existing.name), why: problem });
    else update.push({ name: existing.name, section: existing.section, assignment: a, entries });
  }

  const taken = new Set([...input.config.profiles.keys(), ...(input.credentials?.sections.keys() ?? [])]);
  const names = uniqueProfileNames(input.template, fresh, taken);
  const defaults = inheritedDefaults(input.text);
  const add: PlannedProfile[] = [];
  fresh.forEach((a, i) => {
    const entries = entriesFor(a);
    const problem = whyNotResolve(names[i]!, withEntries(defaults, entries), input.config);
    if (problem) skipped.push({ what: `account ${a.accountId} role ${a.roleName}`, why: problem });
    else add.push({ name: names[i]!, assignment: a, entries });
  });

  const listed = new Set(input.assignments.map(assignmentKey));
  const goneOwn = [...byAssignment.values()].filter((p) => !listed.has(assignmentKey(p)));
  const remove: OwnProfile[] = [];
  const gone: OwnProfile[] = [];
  for (const p of goneOwn) {
    const refusal = !input.prune ? 'not asked' : whyNotRemove(p, input);
    if (refusal === null) remove.push(p);
    else {
      gone.push(p);
      if (refusal !== 'not asked') skipped.push({ what: profileWhat(p.name), why: refusal });
    }
  }
  return { add: add.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0)), update, remove, gone, covered, skipped };
}

/**
 * The user's own sso-session profiles of this session, by assignment (the first, in file order): a populated twin
 * beside one would be two names for one thing.
 */
function usersProfiles(input: PopulateInput, own: ReadonlySet<string>): Map<string, string> {
  const theirs = new Map<string, string>();
  for (const [name, profile] of input.config.profiles) {
    const [session, accountId, roleName] = ['sso_session', 'sso_account_id', 'sso_role_name'].map((k) => profile.get(k));
    if (own.has(name) || session !== input.session || typeof accountId !== 'string' || typeof roleName !== 'string') continue;
    const key = assignmentKey({ accountId, roleName });
    if (!theirs.has(key)) theirs.set(key, name);
  }
  return theirs;
}

const assignmentKey = (a: { accountId: string; roleName: string }) => `${a.accountId}\n${a.roleName}`;
const profileWhat = (name: string) => `profile '${name}'`;

/**
 * The populated profiles of this session: the section botocore reads for the name (the later one, where two spell
 * it) has the marker among its own keys (one inherited from [DEFAULT] would make every profile look populated),
 * naming this session, with a plain account id and role name.
 */
function ownProfiles(scan: ScannedIni, input: PopulateInput, skipped: { what: string; why: string }[]): OwnProfile[] {
  const winner = sectionsByName(scan, 'profile');
  const own: OwnProfile[] = [];
  for (const [name, index] of [...winner].sort((a, b) => a[1] - b[1])) {
    const section = input.raw.sections.get(scan.sections[index]!.name)!;
    const marked = scan.sections[index]!.options.some((o) => o.key === POPULATE_MARKER) && section.get(POPULATE_MARKER) === input.session;
    if (!marked) continue;
    // Its own section's values (the credentials file may set others over them: whyNotUpdate says so).
    const accountId = section.get('sso_account_id');
    const roleName = section.get('sso_role_name');
    if (typeof accountId !== 'string' || typeof roleName !== 'string' || accountId === '' || roleName === '') {
      skipped.push({ what: profileWhat(name), why: 'it has the populate key but no plain sso_account_id and sso_role_name, so which assignment it is for is unknown' });
      continue;
    }
    own.push({ name, section: index, accountId, roleName });
  }
  return own;
}

/** What keeps an update from saying exactly what it means; null when nothing does. */
function whyNotUpdate(scan: ScannedIni, p: OwnProfile, keys: readonly string[], input: PopulateInput): string | null {
  const merged = input.config.profiles.get(p.name)!;
  if (merged.has(MIXING)) return `it also has ${MIXING}, and a profile with both it and sso_* keys resolves differently in botocore and the JS SDK; remove one of them`;
  const inCredentials = keys.filter((k) => input.credentials?.sections.get(p.name)?.has(k));
  if (inCredentials.length > 0) return `its ${inCredentials.join(', ')} ${inCredentials.length === 1 ? 'is' : 'are'} also set in the credentials file ${input.config.credentialsFile}, which wins over the config file`;
  const continued = scan.sections[p.section]!.options.find((o) => keys.includes(o.key) && o.lines.length > 1);
  if (continued) return `its ${continued.key} goes on over an indented line, which the AWS CLI reads as part of the value`;
  return null;
}

function whyNotRemove(p: OwnProfile, input: PopulateInput): string | null {
  if (input.assignments.length === 0) return 'the SSO service listed no account at all for this session, so nothing is removed';
  const users = [...input.config.profiles].filter(([, q]) => q.get('source_profile') === p.name).map(([n]) => n);
  if (users.length > 0) return `its account or role is gone, but ${users.map(profileWhat).join(', ')} ${users.length === 1 ? 'names' : 'name'} it as source_profile`;
  return null;
}

/** The section with these keys set (a new key last, an existing one where it is, as the edit writes them). */
export function withEntries(section: IniSection, entries: readonly (readonly [string, string])[]): IniSection {
  const out = new Map<string, IniValue>(section);
  for (const [k, v] of entries) out.set(k, v);
  return out;
}

/** The credential path's own rules (resolveSsoProfile) on the profile as it would read: its problem, or null. */
function whyNotResolve(name: string, profile: IniSection, config: AwsConfig): string | null {
  if (profile.has(MIXING)) return `it would inherit ${MIXING} and so mix it with sso_* keys`;
  try {
    resolveSsoProfile({ ...config, profiles: new Map([[name, profile]]) }, name);
    return null;
  } catch (error) {
    if (error instanceof KeyrackError) return error.problem;
    throw error;
  }
}
