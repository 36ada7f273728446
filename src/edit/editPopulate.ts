// The config file's text after a populate plan: populated profiles updated in place, removed ones gone, new ones at the
// end; every other byte as it was. Read back before it is returned (pure).

import { buildAwsConfig } from '../config/buildAwsConfig.ts';
import { parseIni } from '../config/parseIni.ts';
import { resolveSsoProfile } from '../config/resolveSsoProfile.ts';
import type { IniSection, RawIni } from '../config/types.ts';
import { failure, KeyrackError } from '../errors.ts';
import { applyLineEdits, type LineEdit } from './applyLineEdits.ts';
import { checkEdit, inheritedDefaults } from './checkEdit.ts';
import { scanIni } from './iniLines.ts';
import { withEntries, type PopulatePlan } from './planPopulate.ts';
import { appendSectionsEdit, deleteSectionEdits, setKeysEdits } from './sectionEdits.ts';

export interface PopulateEdit {
  readonly text: string;
  /** The updated profiles whose lines changed (the others already said it all). */
  readonly changed: ReadonlySet<string>;
}

export function editPopulate(
  text: string,
  raw: RawIni,
  credentials: RawIni | null,
  plan: PopulatePlan,
  paths: { readonly configFile: string; readonly credentialsFile: string },
): PopulateEdit {
  const scan = scanIni(text);
  const edits: LineEdit[] = [];
  const expected = new Map<string, IniSection | null>();
  const changed = new Set<string>();
  for (const u of plan.update) {
    const rawName = scan.sections[u.section]!.name;
    const lineEdits = setKeysEdits(scan, scan.sections[u.section]!, u.entries);
    if (lineEdits.length > 0) changed.add(u.name);
    edits.push(...lineEdits);
    expected.set(rawName, withEntries(raw.sections.get(rawName)!, u.entries));
  }
  for (const r of plan.remove) {
    edits.push(...deleteSectionEdits(scan, scan.sections[r.section]!));
    expected.set(scan.sections[r.section]!.name, null);
  }
  if (plan.add.length > 0) {
    const defaults = inheritedDefaults(text);
    edits.push(appendSectionsEdit(scan, plan.add.map((p) => ({ header: `profile ${p.name}`, entries: p.entries }))));
    for (const p of plan.add) expected.set(`profile ${p.name}`, withEntries(defaults, p.entries));
  }
  const newText = applyLineEdits(scan.lines, edits);
  checkEdit(raw, newText, expected, paths.configFile);
  checkResolution(newText, credentials, plan, paths);
  return { text: newText, changed };
}

/**
 * And as the credential path reads them, with the credentials file merged in: every profile written resolves, by
 * keyrack-cp's own rules, to its session, account and role, and none has a credential_process beside its sso_* keys.
 */
function checkResolution(text: string, credentials: RawIni | null, plan: PopulatePlan, paths: { readonly configFile: string; readonly credentialsFile: string }): void {
  const config = buildAwsConfig(parseIni(text, paths.configFile), credentials, paths);
  for (const p of [...plan.add, ...plan.update]) {
    const session = p.entries.find(([k]) => k === 'sso_session')![1];
    let ok = false;
    try {
      const resolved = resolveSsoProfile(config, p.name);
      ok = resolved.session.name === session && resolved.accountId === p.assignment.accountId && resolved.roleName === p.assignment.roleName;
    } catch (error) {
      if (!(error instanceof KeyrackError)) throw error;
    }
    if (!ok || config.profiles.get(p.name)!.has('credential_process')) {
      throw failure(paths.configFile, `keyrack-cp refused its own edit: profile '${p.name}' would not resolve to its account and role; the file was not changed`, 'Please report this with the layout of the file (without its secrets).');
    }
  }
}
