// Python 3.11 str semantics the AWS CLI's config reader relies on, where JavaScript's built-ins differ.

/**
 * Python's whitespace (str.isspace, re's \s on str): unlike JS trim(), it includes \x1c-\x1f and \x85 and excludes
 * \ufeff, which is why a BOM is not stripped and breaks the first header, as in the AWS CLI.
 */
const PY_SPACE = '\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';
const IS_SPACE = new Set([...PY_SPACE].map((c) => c.charCodeAt(0)));
/** Printable ASCII, nearly every character of a config, is answered without the set. */
function isSpace(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c === 32 || (c < 32 ? IS_SPACE.has(c) : c >= 0x85 && IS_SPACE.has(c));
}

// Loops, not a regexp: `[ws]+$` retries from every position of a run of spaces that does not end the string,
// which is quadratic (40,000 spaces before a value's last word took 3.5 s; a megabyte of them, half an hour).

/** Index of the first non-whitespace character (configparser's NONSPACECRE), or -1. */
export function firstNonSpace(s: string): number {
  let i = 0;
  while (i < s.length && isSpace(s, i)) i++;
  return i < s.length ? i : -1;
}

function endOfText(s: string): number {
  let end = s.length;
  while (end > 0 && isSpace(s, end - 1)) end--;
  return end;
}

export function pyStrip(s: string): string {
  const start = firstNonSpace(s);
  return start < 0 ? '' : s.slice(start, endOfText(s));
}

export const pyRstrip = (s: string): string => s.slice(0, endOfText(s));

/** str.splitlines() boundaries: more than \r and \n (but \r\n counts once). */
const LINE_BOUNDARY = /\r\n|[\n\x0b\x0c\r\x1c\x1d\x1e\x85\u2028\u2029]/;

export function pySplitlines(s: string): string[] {
  const lines = s.split(LINE_BOUNDARY);
  // splitlines() yields no empty last element for a trailing boundary (and [] for '').
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Letters Node's ICU lower-cases but Python 3.11 (Unicode 14) does not, because they were added in later Unicode
 * versions. Kept verbatim, so a key using them is named as the AWS CLI names it. A test compares every code point
 * against the installed Python, which catches a newer Node adding more.
 */
const NOT_CASED_IN_UNICODE_14 =
  /([\u1c89\ua7cb\ua7cc\ua7ce\ua7d2\ua7d4\ua7da\ua7dc\u{10d50}-\u{10d65}\u{16ea0}-\u{16eb8}])/u;

/** str.lower(). Both apply full case mapping and Greek final sigma; only the Unicode version differs. */
export function pyLower(s: string): string {
  // Splitting at those letters is exact for final sigma too: in Python they are unassigned, hence neither cased
  // nor case-ignorable, so they end the context the same way a string boundary does.
  if (/^[\x00-\x7f]*$/.test(s)) return s.toLowerCase();
  return s
    .split(NOT_CASED_IN_UNICODE_14)
    .map((part, i) => (i % 2 === 1 ? part : part.toLowerCase()))
    .join('');
}

const SHLEX_SPACE = ' \t\r\n';

/**
 * shlex.split(s): POSIX mode, whitespace_split, no comments; null where Python raises ValueError (an unclosed
 * quote, a trailing backslash). A state machine copied from CPython's shlex.read_token so quotes in the middle of a
 * word, empty quoted tokens ('') and backslashes inside double quotes behave the same.
 */
export function shlexSplit(s: string): string[] | null {
  // Without quotes or backslashes it is a split at whitespace (every header of a generated config): no need to
  // build each token a character at a time.
  if (!/["'\\]/.test(s)) return s.split(/[ \t\r\n]+/).filter((t) => t !== '');
  const tokens: string[] = [];
  let state = ' '; // ' ' between tokens, 'a' in a word, a quote or '\\' while inside one
  let afterEscape = 'a'; // the state a backslash returns to
  let token = '';
  let quoted = false; // a quoted empty string is still a token
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charAt(i) : ''; // '' is end of input
    if (state === ' ') {
      if (c === '') break;
      if (SHLEX_SPACE.includes(c)) continue;
      if (c === '\\') [afterEscape, state] = ['a', c];
      else if (c === "'" || c === '"') state = c;
      else [token, state] = [c, 'a'];
    } else if (state === "'" || state === '"') {
      quoted = true;
      if (c === '') return null;
      if (c === state) state = 'a';
      else if (c === '\\' && state === '"') [afterEscape, state] = [state, c];
      else token += c;
    } else if (state === '\\') {
      if (c === '') return null;
      // Inside double quotes only \" and \\ are escapes; elsewhere the backslash stays.
      if (afterEscape !== 'a' && c !== '\\' && c !== afterEscape) token += '\\';
      token += c;
      state = afterEscape;
    } else if (c === '' || SHLEX_SPACE.includes(c)) {
      if (token || quoted) tokens.push(token);
      if (c === '') break;
      [state, token, quoted] = [' ', '', false];
    } else if (c === "'" || c === '"') state = c;
    else if (c === '\\') [afterEscape, state] = ['a', c];
    else token += c;
  }
  return tokens;
}
