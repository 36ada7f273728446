// Reads an AWS config or credentials file exactly as botocore's raw_config_parse does: Python 3.11's
// configparser.RawConfigParser() with default options, then one level of nested `key =` blocks.

import { configError } from '../errors.ts';
import { firstNonSpace, pyLower, pyRstrip, pySplitlines, pyStrip } from '../text/pyString.ts';
import type { IniSection, IniValue, RawIni } from './types.ts';

/** configparser's default section: inherited by every other section, never a section itself. */
const DEFAULT_SECTION = 'DEFAULT';

/**
 * A value that spans lines: its first line and continuation lines (stripped), and the line each came from, for
 * messages. A value on one line (nearly all of them) is kept as its final string: a 10 MB file has hundreds of
 * thousands, and an object and two arrays for each made reading one take over a second.
 */
interface RawValue {
  readonly parts: string[];
  readonly lines: number[];
}

interface RawSection {
  readonly line: number;
  readonly options: Map<string, string | RawValue>;
}

/** The value continuation lines extend: where it is, and its blank lines not yet known to be inside it. */
interface OpenValue {
  readonly options: Map<string, string | RawValue>;
  readonly key: string;
  readonly line: number;
  /** Blank lines since the value's last line: they are part of it only if an indented line follows. */
  blanks: number;
}

export function parseIni(input: Buffer | string, file: string): RawIni {
  const text = typeof input === 'string' ? input : decodeUtf8(input, file);
  const defaults: RawSection = { line: 0, options: new Map() };
  const sections = new Map<string, RawSection>();
  const at = (lineNo: number) => `${file} line ${lineNo}`;

  let current: RawSection | null = null;
  let sectionName = '';
  let option: OpenValue | null = null; // the option that continuation lines extend
  let indentLevel = 0;
  // Python's universal newlines: \r\n, \r and \n each end a line; a final newline does not start another line.
  // Lines are cut from the text one at a time, not split into an array first (ten million of them, for a file of
  // blank lines).
  let nextLf = text.indexOf('\n');
  let nextCr = text.indexOf('\r');
  for (let pos = 0, lineNo = 1; pos < text.length; lineNo++) {
    if (nextLf !== -1 && nextLf < pos) nextLf = text.indexOf('\n', pos);
    if (nextCr !== -1 && nextCr < pos) nextCr = text.indexOf('\r', pos);
    const end = nextLf === -1 ? (nextCr === -1 ? text.length : nextCr) : nextCr === -1 || nextLf < nextCr ? nextLf : nextCr;
    const line = text.slice(pos, end);
    pos = end + (end === nextCr && text.charCodeAt(end + 1) === 10 ? 2 : 1);

    const value = pyStrip(line);
    // Comments are whole lines only (inline `#` is part of the value) and never add to a value.
    if (value.startsWith('#') || value.startsWith(';')) continue;
    if (!value) {
      // empty_lines_in_values: a blank line belongs to the open value; trailing ones are rstripped at the end.
      if (option) option.blanks++;
      continue;
    }
    const indent = firstNonSpace(line);
    if (option && indent > indentLevel) {
      const stored = option.options.get(option.key)!;
      const raw = typeof stored === 'string' ? { parts: [stored], lines: [option.line] } : stored;
      // A blank part's line is never shown (blank lines are skipped in a nested block), so any number will do.
      for (; option.blanks > 0; option.blanks--) {
        raw.parts.push('');
        raw.lines.push(lineNo);
      }
      raw.parts.push(value);
      raw.lines.push(lineNo);
      if (raw !== stored) option.options.set(option.key, raw);
      continue;
    }
    indentLevel = indent;
    const header = sectionHeader(value);
    if (header !== null) {
      const earlier = sections.get(header);
      if (earlier) {
        throw configError(
          at(lineNo),
          `duplicate section [${header}] (first at line ${earlier.line})`,
          `Merge the two [${header}] sections into one: the AWS CLI refuses a file with a repeated section.`,
        );
      }
      // [DEFAULT] may be repeated (configparser has no duplicate check for it), its keys may not.
      current = header === DEFAULT_SECTION ? defaults : { line: lineNo, options: new Map() };
      if (current !== defaults) sections.set(header, current);
      sectionName = header;
      option = null; // so a section cannot start with a continuation line
      continue;
    }
    if (!current) throw beforeFirstSection(at(lineNo), value, lineNo);
    const delimiter = value.search(/[=:]/); // the first one: `url = https://h:443/x` keeps its colon
    if (delimiter < 0) throw noDelimiter(at(lineNo), value);
    if (delimiter === 0) {
      throw configError(at(lineNo), `a line in [${sectionName}] starts with '${value[0]}' and has no key name`, "Put the key's name before the '='.");
    }
    const key = pyLower(pyRstrip(value.slice(0, delimiter)));
    if (current.options.has(key)) {
      throw configError(
        at(lineNo),
        `duplicate key '${key}' in [${sectionName}] (keys are case-insensitive)`,
        `Keep only one '${key}' line in [${sectionName}]: the AWS CLI refuses a file with a repeated key.`,
      );
    }
    current.options.set(key, pyStrip(value.slice(delimiter + 1)));
    option = { options: current.options, key, line: lineNo, blanks: 0 };
  }

  const result = new Map<string, IniSection>();
  for (const [name, section] of sections) {
    // A section's own keys first, then the [DEFAULT] keys it does not override (RawConfigParser.options order),
    // finished in place: setting a key that is there keeps its position.
    const values = section.options as Map<string, IniValue | RawValue>;
    for (const [key, raw] of section.options) if (typeof raw !== 'string') values.set(key, finalValue(raw, key, name, file));
    for (const [key, raw] of defaults.options) {
      // Parsed again for each section that inherits it: a bad nested [DEFAULT] value only fails when used.
      if (!values.has(key)) values.set(key, typeof raw === 'string' ? raw : finalValue(raw, key, DEFAULT_SECTION, file));
    }
    result.set(name, values as Map<string, IniValue>);
  }
  return { sections: result };
}

/** configparser's SECTCRE `\[(?P<header>.+)\]` with re.match: anchored at the start only, `.+` greedy to the last `]`. */
function sectionHeader(value: string): string | null {
  if (!value.startsWith('[')) return null;
  const close = value.lastIndexOf(']');
  return close >= 2 ? value.slice(1, close) : null;
}

/** Joins the value, then parses `key =` + indented `sub = value` lines one level deep (botocore's _parse_nested). */
function finalValue(raw: RawValue, key: string, section: string, file: string): IniValue {
  const joined = pyRstrip(raw.parts.join('\n'));
  if (!joined.startsWith('\n')) return joined;
  const nested = new Map<string, string>();
  for (const [index, part] of raw.parts.entries()) {
    // Parts are stripped, so splitting each is the same as splitlines() on the joined value.
    for (const subLine of pySplitlines(part).map(pyStrip)) {
      if (!subLine) continue;
      const eq = subLine.indexOf('=');
      if (eq < 0) {
        throw configError(
          `${file} line ${raw.lines[index]}`,
          `a line in the indented block under '${key}' in [${section}] has no '='`,
          `Write each indented line under '${key} =' as 'name = value' (':' does not work there).`,
        );
      }
      nested.set(pyStrip(subLine.slice(0, eq)), pyStrip(subLine.slice(eq + 1)));
    }
  }
  return nested;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }); // a BOM is kept: Python's 'utf-8' keeps it

function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    return UTF8.decode(bytes);
  } catch {
    throw configError(`${file} line ${firstInvalidUtf8Line(bytes)}`, 'the file is not valid UTF-8', 'Save the file as UTF-8.');
  }
}

/** Multi-byte UTF-8 sequences never contain \r or \n bytes, so each line can be checked on its own. */
function firstInvalidUtf8Line(bytes: Buffer): number {
  let start = 0;
  let lineNo = 1;
  for (let i = 0; i <= bytes.length; i++) {
    const b = bytes[i];
    if (i < bytes.length && b !== 0x0a && b !== 0x0d) continue;
    try {
      UTF8.decode(bytes.subarray(start, i));
    } catch {
      return lineNo;
    }
    if (b === 0x0d && bytes[i + 1] === 0x0a) i++;
    start = i + 1;
    lineNo++;
  }
  return lineNo;
}

// Messages never quote the offending line: it may hold a secret (an access key pasted on a line of its own).

function beforeFirstSection(subject: string, value: string, lineNo: number) {
  if (lineNo === 1 && value.startsWith('\ufeff')) {
    return configError(
      subject,
      'the file starts with a UTF-8 byte-order mark (BOM), which the AWS CLI does not accept',
      'Save the file as UTF-8 without a BOM.',
    );
  }
  if (value.startsWith('[')) return notAHeader(subject);
  return configError(
    subject,
    'text before the first [section] header',
    'Move the line under a [default], [profile NAME] or [sso-session NAME] header, or delete it.',
  );
}

function noDelimiter(subject: string, value: string) {
  if (value.startsWith('[')) return notAHeader(subject);
  return configError(
    subject,
    "a key line with no '=' or ':'",
    "Write it as 'key = value', indent it deeper than the key it continues, or start it with '#' to make it a comment.",
  );
}

const notAHeader = (subject: string) =>
  configError(subject, "a line starts with '[' but is not a [section] header", "A header needs a name and a closing ']', as in [profile dev].");
