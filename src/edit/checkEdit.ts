// The last word on an edit before it is written: read the new text back with botocore's rules and compare it with
// what the edit promised. A mismatch is a bug in the editor, and the file is left as it was.

import { parseIni } from '../config/parseIni.ts';
import type { IniSection, IniValue, RawIni } from '../config/types.ts';
import { failure } from '../errors.ts';

/**
 * What the edited file must read as, section by section (raw names, `[DEFAULT]` keys inherited, as parseIni gives);
 * null for a section the edit removes.
 */
export type ExpectedSections = ReadonlyMap<string, IniSection | null>;

/**
 * Every section of `before` that the edit does not name must read exactly as before; the named ones (changed or
 * new) must read as `expected`, the removed ones be gone; no other section may appear. Returns nothing: it throws
 * when the edit is wrong.
 */
export function checkEdit(before: RawIni, afterText: string, expected: ExpectedSections, file: string): void {
  let after: RawIni;
  try {
    after = parseIni(afterText, file);
  } catch {
    throw editBug(file, 'the edited text no longer parses');
  }
  const names = new Set([...before.sections.keys(), ...expected.keys()]);
  for (const name of names) {
    const want = expected.has(name) ? expected.get(name)! : before.sections.get(name)!;
    const got = after.sections.get(name);
    if (want === null) {
      if (got) throw editBug(file, `section [${name}] would not be removed`);
    } else if (!got || !sameSection(got, want)) {
      throw editBug(file, `section [${name}] would not read as intended`);
    }
  }
  for (const name of after.sections.keys()) {
    if (!names.has(name)) throw editBug(file, `the edit would add an unexpected section [${name}]`);
  }
}

/**
 * The keys a new section would inherit from [DEFAULT]. parseIni keeps no [DEFAULT] section, only its keys in every
 * other one, so ask it about an empty section appended under a name the file does not use (a header at column 0
 * is never a continuation line, so the probe cannot change how the rest reads).
 */
export function inheritedDefaults(text: string): IniSection {
  let probe = 'keyrack-cp-probe';
  while (text.includes(probe)) probe += '-';
  return parseIni(`${text}\n[${probe}]\n`, 'probe').sections.get(probe) ?? new Map();
}

export function sameSection(a: IniSection, b: IniSection): boolean {
  return a.size === b.size && [...a].every(([key, value]) => b.has(key) && sameValue(value, b.get(key)!));
}

function sameValue(a: IniValue, b: IniValue): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

// Never names a value: the sections may hold secrets.
const editBug = (file: string, problem: string) =>
  failure(file, `keyrack-cp refused its own edit: ${problem}; the file was not changed`, 'Please report this with the layout of the file (without its secrets).');
