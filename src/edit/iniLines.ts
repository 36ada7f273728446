// The lines of an AWS config or credentials file, each with its own line ending and the role botocore gives it, so
// an edit can change exactly the lines it means to and leave every other byte as it was.

import { firstNonSpace, pyLower, pyRstrip, pyStrip } from '../text/pyString.ts';

/** A line's text and its own terminator ('' only for a last line without one). */
export interface IniLine {
  readonly text: string;
  readonly eol: '' | '\n' | '\r\n' | '\r';
}

export type LineRole =
  | { readonly kind: 'blank' }
  | { readonly kind: 'comment' }
  | { readonly kind: 'header'; readonly section: string }
  | { readonly kind: 'option'; readonly key: string }
  /** A line indented deeper than the option before it: part of that option's value (a nested block or more text). */
  | { readonly kind: 'continuation' };

export interface ScannedLine extends IniLine {
  readonly role: LineRole;
  /** Index into `sections`, or -1 before the first header. */
  readonly section: number;
}

export interface ScannedOption {
  /** Lower-cased, as botocore names it. */
  readonly key: string;
  readonly line: number;
  /** The option's own lines: `line` and its continuation lines (blank and comment lines between them are not its). */
  readonly lines: readonly number[];
}

export interface ScannedSection {
  /** Verbatim, as configparser keeps it ('DEFAULT' may appear more than once). */
  readonly name: string;
  readonly header: number;
  readonly options: readonly ScannedOption[];
}

export interface ScannedIni {
  readonly lines: readonly ScannedLine[];
  readonly sections: readonly ScannedSection[];
}

/**
 * Python's universal newlines, as parseIni splits: \r\n, \r and \n each end a line. The terminators are kept so the
 * text can be put back together byte for byte: joinLines(splitLines(t)) === t.
 */
export function splitLines(text: string): IniLine[] {
  const lines: IniLine[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push({ text: text.slice(start, m.index), eol: m[0] as IniLine['eol'] });
    start = m.index + m[0].length;
  }
  if (start < text.length) lines.push({ text: text.slice(start), eol: '' });
  return lines;
}

export const joinLines = (lines: readonly IniLine[]): string => lines.map((l) => l.text + l.eol).join('');

/**
 * The roles parseIni's loop gives each line (configparser's _read): whole-line comments, blank lines, continuation
 * by indentation deeper than the current option's line, headers, then `key =`/`key:` lines. The file must already
 * have been accepted by parseIni: this scan finds where things are, it does not judge the file.
 */
export function scanIni(text: string): ScannedIni {
  const sections: { name: string; header: number; options: { key: string; line: number; lines: number[] }[] }[] = [];
  const lines: ScannedLine[] = [];
  let option: { lines: number[] } | null = null;
  let indentLevel = 0;
  for (const [index, line] of splitLines(text).entries()) {
    const section = sections.length - 1;
    const value = pyStrip(line.text);
    const add = (role: LineRole, inSection = section) => lines.push({ ...line, role, section: inSection });
    if (value.startsWith('#') || value.startsWith(';')) {
      add({ kind: 'comment' });
      continue;
    }
    if (!value) {
      add({ kind: 'blank' });
      continue;
    }
    const indent = firstNonSpace(line.text);
    if (option && indent > indentLevel) {
      option.lines.push(index);
      add({ kind: 'continuation' });
      continue;
    }
    indentLevel = indent;
    const header = sectionHeader(value);
    if (header !== null) {
      sections.push({ name: header, header: index, options: [] });
      option = null;
      add({ kind: 'header', section: header }, sections.length - 1);
      continue;
    }
    const delimiter = value.search(/[=:]/);
    const key = pyLower(pyRstrip(value.slice(0, Math.max(delimiter, 0))));
    const entry = { key, line: index, lines: [index] };
    sections[section]?.options.push(entry);
    option = entry;
    add({ kind: 'option', key });
  }
  return { lines, sections };
}

/** The same header rule as parseIni (configparser's SECTCRE, anchored at the start, greedy to the last `]`). */
function sectionHeader(value: string): string | null {
  if (!value.startsWith('[')) return null;
  const close = value.lastIndexOf(']');
  return close >= 2 ? value.slice(1, close) : null;
}

/**
 * An option line with its value replaced: the key's own spelling, the indentation and the spacing around the
 * delimiter stay the user's (`  AWS_Access_Key_Id: old` becomes `  AWS_Access_Key_Id: new`).
 */
export function replaceOptionValue(text: string, value: string): string {
  const delimiter = text.search(/[=:]/);
  const after = text.slice(delimiter + 1);
  const spaces = after.length - after.replace(/^[ \t]+/, '').length;
  const prefix = text.slice(0, delimiter + 1 + spaces);
  // `key =` with no value yet: give the new value the space the user put before the delimiter.
  const gap = spaces === 0 && after.trim() === '' && /\s$/.test(text.slice(0, delimiter)) ? ' ' : '';
  return prefix + gap + value;
}

/**
 * An option line turned into another key's, in the same style: `\tsso_start_url=https://…` becomes
 * `\tsso_session=acme` (indentation, delimiter and the spacing around it kept).
 */
export function replaceOptionLine(text: string, key: string, value: string): string {
  const indent = leadingSpace(text);
  const delimiter = text.search(/[=:]/);
  const keyEnd = pyRstrip(text.slice(0, delimiter)).length;
  return replaceOptionValue(indent + key + text.slice(keyEnd), value);
}

/** The line's indentation, by Python's idea of whitespace (as parseIni measures it). */
export const leadingSpace = (text: string): string => text.slice(0, Math.max(firstNonSpace(text), 0));
