// The config file's text after a migration plan: each moved profile's SSO keys give way to `sso_session = NAME`,
// new [sso-session] sections go at the end, every other byte stays (pure).

import { buildAwsConfig } from '../config/buildAwsConfig.ts';
import { parseIni } from '../config/parseIni.ts';
import type { IniSection, IniValue, RawIni } from '../config/types.ts';
import { failure } from '../errors.ts';
import { applyLineEdits, type LineEdit } from './applyLineEdits.ts';
import { checkEdit, inheritedDefaults } from './checkEdit.ts';
import { replaceOptionLine, scanIni } from './iniLines.ts';
import { appendSectionsEdit } from './sectionEdits.ts';
import { MOVED_KEYS, type MigrationPlan } from './planMigration.ts';

export function editMigration(text: string, raw: RawIni, plan: MigrationPlan, file: string): string {
  const scan = scanIni(text);
  const edits: LineEdit[] = [];
  const expected = new Map<string, IniSection>();
  for (const group of plan.groups) {
    for (const profile of group.profiles) {
      const section = scan.sections[profile.section]!;
      const moved = section.options.filter((o) => (MOVED_KEYS as readonly string[]).includes(o.key));
      // `sso_session` takes the line of the first moved key, so it sits where the user kept the SSO settings.
      const [first, ...rest] = moved;
      edits.push({ kind: 'replace', line: first!.line, text: replaceOptionLine(scan.lines[first!.line]!.text, 'sso_session', group.name) });
      for (const line of first!.lines.slice(1)) edits.push({ kind: 'delete', line });
      for (const option of rest) for (const line of option.lines) edits.push({ kind: 'delete', line });

      const after = new Map<string, IniValue>(raw.sections.get(section.name)!);
      for (const key of MOVED_KEYS) after.delete(key);
      after.set('sso_session', group.name);
      expected.set(section.name, after);
    }
  }
  const added = plan.groups.filter((g) => !g.exists);
  if (added.length > 0) {
    const defaults = inheritedDefaults(text);
    const sections = added.map((group) => {
      const entries: [string, string][] = [['sso_start_url', group.startUrl], ['sso_region', group.region], ['sso_registration_scopes', group.scopes]];
      expected.set(`sso-session ${group.name}`, new Map<string, IniValue>([...defaults, ...entries]));
      return { header: `sso-session ${group.name}`, entries };
    });
    edits.push(appendSectionsEdit(scan, sections));
  }
  const newText = applyLineEdits(scan.lines, edits);
  checkEdit(raw, newText, expected, file);
  checkResolution(newText, plan, file);
  return newText;
}

/** And as the AWS CLI maps sections to profiles: each moved profile names its session, which has its start URL and region. */
function checkResolution(text: string, plan: MigrationPlan, file: string): void {
  const config = buildAwsConfig(parseIni(text, file), null, { configFile: file, credentialsFile: '' });
  for (const group of plan.groups) {
    const session = config.ssoSessions.get(group.name);
    const ok =
      session?.get('sso_start_url') === group.startUrl &&
      session.get('sso_region') === group.region &&
      group.profiles.every((p) => config.profiles.get(p.name)?.get('sso_session') === group.name);
    if (!ok) {
      throw failure(file, `keyrack-cp refused its own edit: the profiles would not resolve to [sso-session ${group.name}]; the file was not changed`, 'Please report this with the layout of the file (without its secrets).');
    }
  }
}
