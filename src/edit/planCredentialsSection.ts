// Where and how temporary credentials go into one section of the shared credentials file (pure: text in, text out).

import type { IniSection, RawIni } from '../config/types.ts';
import { applyLineEdits, type LineEdit } from './applyLineEdits.ts';
import { checkEdit, inheritedDefaults } from './checkEdit.ts';
import { scanIni, type ScannedIni } from './iniLines.ts';
import { appendSectionsEdit, setKeysEdits } from './sectionEdits.ts';

/**
 * The expiry of the credentials written: botocore and the JS SDK ignore keys they do not know, so old clients are
 * unaffected, and `x_security_token_expires` is the name the tools that wrote this file before us already use
 * (saml2aws, gimme-aws-creds) and that shell prompts (starship) read to show the time left. refresh-legacy-aws-sso-
 * profile writes no expiry at all. RFC 3339 in UTC, as they write it.
 */
export const EXPIRY_KEY = 'x_security_token_expires';

/**
 * botocore's SharedCredentialProvider reads `aws_security_token` *before* `aws_session_token`: a stale one left in
 * the section (or in [DEFAULT]) would win over the token we write, so when either has it, it is written too.
 */
const LEGACY_TOKEN_KEY = 'aws_security_token';
const DEFAULT_SECTION = 'DEFAULT';

export interface SectionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  /** `YYYY-MM-DDTHH:MM:SSZ`. */
  readonly expiration: string;
  readonly accountId: string;
}

export type CredentialsSectionPlan =
  | { readonly kind: 'write'; readonly text: string; readonly action: 'created' | 'updated' | 'unchanged' }
  | { readonly kind: 'refuse'; readonly why: string; readonly remedy: string };

/**
 * `raw` is parseIni's reading of `text` (the caller has already refused a file the AWS CLI would refuse).
 * The section keeps its place, its other keys, comments and spelling; keys it has get their value replaced on
 * their own line; keys it lacks go after its last key; a missing section is added at the end of the file.
 */
export function planCredentialsSection(
  text: string,
  raw: RawIni,
  section: string,
  creds: SectionCredentials,
  options: { readonly force: boolean; readonly file: string },
): CredentialsSectionPlan {
  const scan = scanIni(text);
  const own = ownKeys(scan, section);
  const why = whyNotOverwrite(own);
  if (why && !options.force) {
    return { kind: 'refuse', why, remedy: 'Keep them by writing elsewhere (--output-profile NAME), or replace them with --force.' };
  }

  const writeLegacyToken = own.has(LEGACY_TOKEN_KEY) || ownKeys(scan, DEFAULT_SECTION).has(LEGACY_TOKEN_KEY);
  const entries: [string, string][] = [
    ['aws_access_key_id', creds.accessKeyId],
    ['aws_secret_access_key', creds.secretAccessKey],
    ['aws_session_token', creds.sessionToken],
    ...(writeLegacyToken ? [[LEGACY_TOKEN_KEY, creds.sessionToken] as [string, string]] : []),
    ['aws_account_id', creds.accountId],
    [EXPIRY_KEY, creds.expiration],
  ];
  const continued = continuedKeys(scan, section, entries);
  if (continued) {
    return {
      kind: 'refuse',
      why: `${continued.key} goes on over the indented line ${continued.line}, which the AWS CLI reads as part of its value`,
      remedy: `Unindent that line in ${options.file} if it is a key of its own, or delete it.`,
    };
  }
  const edits = editSection(scan, section, entries);
  const newText = applyLineEdits(scan.lines, edits);
  const action = newText === text ? 'unchanged' : raw.sections.has(section) ? 'updated' : 'created';

  const expected = new Map<string, IniSection>([[section, expectedSection(text, raw, section, entries)]]);
  checkEdit(raw, newText, expected, options.file);
  return { kind: 'write', text: newText, action };
}

/**
 * Long-term keys (an access key and no session token) are someone's real IAM user keys: overwriting them would
 * lose them for good, so it takes --force. Temporary credentials, ours or another tool's, are replaced.
 */
export function whyNotOverwrite(own: ReadonlySet<string>): string | null {
  if (!own.has('aws_access_key_id')) return null;
  if (own.has('aws_session_token') || own.has(LEGACY_TOKEN_KEY)) return null;
  return 'holds long-term access keys (aws_access_key_id with no aws_session_token)';
}

/** The section's own keys, not the ones it inherits from [DEFAULT] (the credentials file names sections literally). */
function ownKeys(scan: ScannedIni, name: string): Set<string> {
  return new Set(scan.sections.filter((s) => s.name === name).flatMap((s) => s.options.map((o) => o.key)));
}

/**
 * A key of ours whose value goes on over indented lines: replacing the value would drop those lines, and they are
 * often meant as keys of their own (an indented `region = …`). Nothing is dropped: the user decides.
 */
function continuedKeys(scan: ScannedIni, name: string, entries: readonly [string, string][]): { key: string; line: number } | null {
  const section = scan.sections.find((s) => s.name === name);
  for (const option of section?.options ?? []) {
    if (option.lines.length > 1 && entries.some(([key]) => key === option.key)) return { key: option.key, line: option.lines[1]! + 1 };
  }
  return null;
}

function editSection(scan: ScannedIni, name: string, entries: readonly [string, string][]): LineEdit[] {
  const section = scan.sections.find((s) => s.name === name);
  return section ? setKeysEdits(scan, section, entries) : [appendSectionsEdit(scan, [{ header: name, entries }])];
}

function expectedSection(text: string, raw: RawIni, name: string, entries: readonly [string, string][]): IniSection {
  const section = new Map(raw.sections.get(name) ?? inheritedDefaults(text));
  for (const [key, value] of entries) section.set(key, value);
  return section;
}
