// Puts a file back together after line edits, every untouched line byte for byte, line endings included.

import type { IniLine } from './iniLines.ts';

export type LineEdit =
  /** New text for a line; it keeps its own line ending. */
  | { readonly kind: 'replace'; readonly line: number; readonly text: string }
  | { readonly kind: 'delete'; readonly line: number }
  /** New lines after `line` (-1: at the top), ending as the line above them does. */
  | { readonly kind: 'insert'; readonly after: number; readonly texts: readonly string[] };

/**
 * New lines take the line ending of the nearest line above that has one (so a CRLF file stays CRLF, and a file
 * with mixed endings gets the local one), else '\n'. A file that did not end with a line ending still does not;
 * every line before the last gets one.
 */
export function applyLineEdits(lines: readonly IniLine[], edits: readonly LineEdit[]): string {
  const replaced = new Map<number, string>();
  const deleted = new Set<number>();
  const inserted = new Map<number, string[]>();
  for (const edit of edits) {
    if (edit.kind === 'replace') replaced.set(edit.line, edit.text);
    else if (edit.kind === 'delete') deleted.add(edit.line);
    else inserted.set(edit.after, [...(inserted.get(edit.after) ?? []), ...edit.texts]);
  }
  const out: { text: string; eol: IniLine['eol'] }[] = [];
  let eol: IniLine['eol'] = lines.find((l) => l.eol !== '')?.eol ?? '\n';
  const emitInserted = (after: number) => {
    for (const text of inserted.get(after) ?? []) out.push({ text, eol });
  };
  emitInserted(-1);
  for (const [index, line] of lines.entries()) {
    if (line.eol !== '') eol = line.eol;
    if (!deleted.has(index)) out.push({ text: replaced.get(index) ?? line.text, eol: line.eol === '' ? eol : line.eol });
    emitInserted(index);
  }
  const endsWithoutNewline = lines.length > 0 && lines[lines.length - 1]!.eol === '';
  const last = out[out.length - 1];
  if (endsWithoutNewline && last) last.eol = '';
  return out.map((l) => l.text + l.eol).join('');
}
