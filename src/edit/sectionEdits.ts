// The line edits by which every edit of ours changes a section: set keys in one that exists, append new ones at the
// end of the file, or remove one. Each keeps the user's spelling, indentation, comments and line endings elsewhere.

import type { LineEdit } from './applyLineEdits.ts';
import { leadingSpace, replaceOptionValue, type ScannedIni, type ScannedSection } from './iniLines.ts';

export type KeyValues = readonly (readonly [string, string])[];

/**
 * Keys the section has get their value replaced on their own line (the user's spacing and key spelling kept); the
 * others go after its last key, with the same indentation, so a new line is a key of its own and never a
 * continuation. The caller has made sure none of these keys goes on over indented lines.
 */
export function setKeysEdits(scan: ScannedIni, section: ScannedSection, entries: KeyValues): LineEdit[] {
  const edits: LineEdit[] = [];
  const missing: string[] = [];
  for (const [key, value] of entries) {
    const option = section.options.find((o) => o.key === key);
    if (!option) {
      missing.push(`${key} = ${value}`);
      continue;
    }
    const text = replaceOptionValue(scan.lines[option.line]!.text, value);
    if (text !== scan.lines[option.line]!.text) edits.push({ kind: 'replace', line: option.line, text });
  }
  if (missing.length > 0) {
    const last = section.options[section.options.length - 1];
    const after = last ? last.lines[last.lines.length - 1]! : section.header;
    const indent = last ? leadingSpace(scan.lines[last.line]!.text) : '';
    edits.push({ kind: 'insert', after, texts: missing.map((l) => indent + l) });
  }
  return edits;
}

/** New sections at the end of the file, each after one blank line (none added where the file already ends in one). */
export function appendSectionsEdit(scan: ScannedIni, sections: readonly { readonly header: string; readonly entries: KeyValues }[]): LineEdit {
  const lastLine = scan.lines.length - 1;
  let blank = lastLine < 0 || scan.lines[lastLine]!.role.kind === 'blank';
  const texts: string[] = [];
  for (const { header, entries } of sections) {
    if (!blank) texts.push('');
    texts.push(`[${header}]`, ...entries.map(([k, v]) => `${k} = ${v}`));
    blank = false;
  }
  return { kind: 'insert', after: lastLine, texts };
}

/**
 * A section's header and its own lines through its last key (comments and blank lines among them included); the
 * lines after its last key stay, since a comment there usually introduces the next section. One blank line before
 * it goes too when a blank line or the end of the file follows, so removing sections leaves no growing gaps.
 */
export function deleteSectionEdits(scan: ScannedIni, section: ScannedSection): LineEdit[] {
  const last = section.options[section.options.length - 1];
  const end = last ? last.lines[last.lines.length - 1]! : section.header;
  const edits: LineEdit[] = [];
  for (let line = section.header; line <= end; line++) edits.push({ kind: 'delete', line });
  const before = scan.lines[section.header - 1];
  const after = scan.lines[end + 1];
  if (before?.role.kind === 'blank' && (after === undefined || after.role.kind === 'blank')) edits.push({ kind: 'delete', line: section.header - 1 });
  return edits;
}
