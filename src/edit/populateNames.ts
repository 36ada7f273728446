// The names populate gives the profiles it adds: a template over the account and role, made safe for the config file
// and for shells, and unique. Pure.

import { configError } from '../errors.ts';

export interface Assignment {
  readonly accountId: string;
  /** As the organisation named the account (any text); the account id when it has none. */
  readonly accountName: string;
  readonly roleName: string;
}

/** `{account_name}.{role_name}`: the name a person says ("prod, as Admin"), as aws-sso-util's default reads. */
export const DEFAULT_TEMPLATE = '{account_name}.{role_name}';
const FIELDS = ['account_name', 'account_id', 'role_name'] as const;
/** Long enough for an account name (50 characters at most in AWS Organizations) and a role (64), with room. */
const MAX_NAME_LENGTH = 128;
/** Never generated: what the SDKs treat specially (the default profile, configparser's defaults section). */
const RESERVED = new Set(['default', 'DEFAULT']);

/** Refused before any network call: an unknown field, or a template that cannot tell two assignments apart. */
export function checkTemplate(template: string): void {
  const unknown = [...template.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1]!).filter((f) => !(FIELDS as readonly string[]).includes(f));
  if (unknown.length > 0) {
    throw configError('usage', `--template names ${unknown.map((f) => `{${f}}`).join(', ')}, which is not a field`, `Use ${FIELDS.map((f) => `{${f}}`).join(', ')}.`);
  }
  if (!template.includes('{role_name}') || !(template.includes('{account_name}') || template.includes('{account_id}'))) {
    throw configError('usage', `--template '${template}' does not name both the account and the role`, 'Include {role_name} and {account_name} or {account_id}.');
  }
}

/**
 * The template filled in, then made safe: only letters, digits and `. _ -` (a shell takes them unquoted, botocore and
 * the JS SDK read them alike in a section name), accents dropped from letters that have them (NFKD), every other run
 * of characters one `-` (a `.` where the run held one), no `-` or `.` at either end (a leading `-` reads as an option to every command that takes
 * the name).
 */
export function profileNameFor(template: string, a: Assignment): string {
  const filled = template.replace(/\{(account_name|account_id|role_name)\}/g, (_m, field: string) =>
    field === 'account_name' ? a.accountName : field === 'account_id' ? a.accountId : a.roleName,
  );
  const safe = trimEnds(filled.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/[^A-Za-z0-9._-]+/g, '-').replace(/[-.]*\.[-.]*/g, '.').replace(/-{2,}/g, '-').slice(0, MAX_NAME_LENGTH));
  return safe === '' ? trimEnds(`${a.accountId}.${a.roleName.replace(/[^A-Za-z0-9._-]+/g, '-')}`) : safe;
}

/** Dashes and dots off both ends, with a loop: a regular expression for it is quadratic on a long run of them. */
function trimEnds(name: string): string {
  let [start, end] = [0, name.length];
  while (start < end && (name[start] === '-' || name[start] === '.')) start++;
  while (end > start && (name[end - 1] === '-' || name[end - 1] === '.')) end--;
  return name.slice(start, end);
}

/**
 * A name for each assignment, in order, none of them `taken` (profiles the config and credentials files already
 * have) nor given twice. Assignments whose names collide all get their account id appended, so which one is which
 * does not depend on their order; what still collides gets -2, -3, … in order.
 */
export function uniqueProfileNames(template: string, assignments: readonly Assignment[], taken: ReadonlySet<string>): string[] {
  const wanted = assignments.map((a) => profileNameFor(template, a));
  const count = new Map<string, number>();
  for (const name of wanted) count.set(name, (count.get(name) ?? 0) + 1);
  const used = new Set(taken);
  const free = (n: string) => !used.has(n) && !RESERVED.has(n);
  return wanted.map((name, i) => {
    let base = name;
    if (count.get(name)! > 1 || !free(name)) base = `${name}-${assignments[i]!.accountId}`;
    let unique = base;
    for (let n = 2; !free(unique); n++) unique = `${base}-${n}`;
    used.add(unique);
    return unique;
  });
}
