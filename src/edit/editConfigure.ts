// The config file's text after configure's plans: an existing section edited in place (the one botocore reads for
// the name), a new one at the end, every other byte as it was. Read back before it is returned (pure).

import { buildAwsConfig } from '../config/buildAwsConfig.ts';
import { parseIni } from '../config/parseIni.ts';
import { resolveSsoProfile } from '../config/resolveSsoProfile.ts';
import type { SsoProfile } from '../config/ssoProfile.ts';
import type { IniSection, RawIni } from '../config/types.ts';
import { configError, failure, KeyrackError } from '../errors.ts';
import { applyLineEdits, type LineEdit } from './applyLineEdits.ts';
import { checkEdit } from './checkEdit.ts';
import { sectionsByName } from './configSectionName.ts';
import { scanIni } from './iniLines.ts';
import type { SectionPlan } from './planConfigure.ts';
import { withEntries } from './planPopulate.ts';
import { appendSectionsEdit, setKeysEdits, type KeyValues } from './sectionEdits.ts';

export interface ConfigurePaths {
  readonly configFile: string;
  readonly credentialsFile: string;
}

/** `text` itself when every plan is 'keep'. */
export function editConfigure(
  text: string,
  raw: RawIni,
  credentials: RawIni | null,
  plans: readonly [SectionPlan<unknown>, SectionPlan<SsoProfile>],
  paths: ConfigurePaths,
): string {
  const scan = scanIni(text);
  const indexes = { profile: sectionsByName(scan, 'profile'), 'sso-session': sectionsByName(scan, 'sso-session') };
  const edits: LineEdit[] = [];
  const expected = new Map<string, IniSection>();
  const added: { header: string; entries: KeyValues }[] = [];
  for (const plan of plans) {
    if (plan.action === 'keep') continue;
    const index = plan.action === 'update' ? indexes[plan.kind].get(plan.name) : undefined;
    if (index === undefined) {
      added.push({ header: plan.header, entries: plan.entries });
      expected.set(plan.header, plan.section);
      continue;
    }
    const section = scan.sections[index]!;
    // Replacing such a value would drop the indented lines after it, which are often meant as keys of their own.
    const continued = section.options.find((o) => plan.entries.some(([k]) => k === o.key) && o.lines.length > 1);
    if (continued) {
      throw configError(`${paths.configFile} line ${continued.lines[1]! + 1}`, `${continued.key} of [${section.name}] goes on over this indented line, which the AWS CLI reads as part of its value`, 'Unindent that line if it is a key of its own, or delete it.');
    }
    edits.push(...setKeysEdits(scan, section, plan.entries));
    expected.set(section.name, withEntries(raw.sections.get(section.name)!, plan.entries)); // the config file's own keys, not merged
  }
  if (added.length > 0) edits.push(appendSectionsEdit(scan, added));
  if (edits.length === 0) return text;
  const newText = applyLineEdits(scan.lines, edits);
  checkEdit(raw, newText, expected, paths.configFile);
  checkProfile(newText, credentials, plans[1].value, paths);
  return newText;
}

/** And as the credential path reads it, the credentials file merged in: the profile resolves to what was planned. */
function checkProfile(text: string, credentials: RawIni | null, want: SsoProfile, paths: ConfigurePaths): void {
  let ok = false;
  try {
    const got = resolveSsoProfile(buildAwsConfig(parseIni(text, paths.configFile), credentials, paths), want.name);
    ok =
      got.accountId === want.accountId &&
      got.roleName === want.roleName &&
      got.session.name === want.session.name &&
      got.session.startUrl === want.session.startUrl &&
      got.session.region === want.session.region &&
      got.session.registrationScopes.join(',') === want.session.registrationScopes.join(',');
  } catch (error) {
    if (!(error instanceof KeyrackError)) throw error;
  }
  if (!ok) throw failure(paths.configFile, `keyrack-cp refused its own edit: profile '${want.name}' would not resolve as configured; the file was not changed`, 'Please report this with the layout of the file (without its secrets).');
}
