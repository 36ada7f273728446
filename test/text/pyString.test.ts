// The Python string rules the config reader copies, checked by table and against python3 itself.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { firstNonSpace, pyLower, pyRstrip, pySplitlines, pyStrip, shlexSplit } from '../../src/text/pyString.ts';

const HELPER = join(import.meta.dirname, '..', 'config', 'python_semantics.py');

function python(args: string[], inputs: string[] = []): string[] {
  const input = inputs.map((s) => JSON.stringify(s)).join('\n') + '\n';
  const run = spawnSync('python3', [HELPER, ...args], { input, encoding: 'utf8', env: { ...process.env, PYTHONUTF8: '1' }, maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`python3 ${args.join(' ')} failed: ${run.error ?? run.stderr}`);
  return run.stdout.trim().split('\n');
}

describe('pyStrip / pyRstrip / firstNonSpace use Python whitespace, not JS trim()', () => {
  test.each([
    { input: ' \t a b \t ', strip: 'a b', rstrip: ' \t a b', first: 3 },
    { input: '\x1c\x1d\x1e\x1fa\x1f', strip: 'a', rstrip: '\x1c\x1d\x1e\x1fa', first: 4 }, // trim() keeps these
    { input: '\x85a\x85', strip: 'a', rstrip: '\x85a', first: 1 }, // trim() keeps NEL
    { input: '\ufeffa\ufeff', strip: '\ufeffa\ufeff', rstrip: '\ufeffa\ufeff', first: 0 }, // trim() removes a BOM; Python does not
    { input: '\u00a0\u3000a\u2028', strip: 'a', rstrip: '\u00a0\u3000a', first: 2 },
    { input: '\x0b\x0ca\r\n', strip: 'a', rstrip: '\x0b\x0ca', first: 2 },
    { input: '\u200ba', strip: '\u200ba', rstrip: '\u200ba', first: 0 }, // zero-width space is not whitespace
    { input: '   ', strip: '', rstrip: '', first: -1 },
  ])('$input', ({ input, strip, rstrip, first }) => {
    expect(pyStrip(input)).toBe(strip);
    expect(pyRstrip(input)).toBe(rstrip);
    expect(firstNonSpace(input)).toBe(first);
  });
});

describe('pySplitlines matches str.splitlines()', () => {
  test.each([
    { input: '', lines: [] },
    { input: '\n', lines: [''] },
    { input: 'a\nb\n', lines: ['a', 'b'] },
    { input: 'a\r\nb\rc', lines: ['a', 'b', 'c'] },
    { input: 'a\n\nb', lines: ['a', '', 'b'] },
    { input: 'a\x0bb\x0cc\x1cd\x1de\x1ef\x85g\u2028h\u2029i', lines: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] },
    { input: 'a\x1fb', lines: ['a\x1fb'] }, // \x1f is whitespace but not a line boundary
  ])('$input', ({ input, lines }) => {
    expect(pySplitlines(input)).toEqual(lines);
  });
});

describe('pyLower matches str.lower()', () => {
  test.each([
    { input: 'SSO_Start_URL', lower: 'sso_start_url' },
    { input: 'ΣΑΣ', lower: 'σας' }, // final sigma
    { input: 'Σ', lower: 'σ' },
    { input: 'ΑΣ Β', lower: 'ας β' },
    { input: 'İ', lower: 'i\u0307' }, // one letter becomes two
    { input: 'A\ua7cbΣ', lower: 'a\ua7cbσ' }, // U+A7CB is not a letter in Python 3.11's Unicode 14, so it is kept
  ])('$input', ({ input, lower }) => {
    expect(pyLower(input)).toBe(lower);
  });

  test('for every code point, as the installed python3 does', () => {
    const table = JSON.parse(python(['lower'])[0] as string) as Record<string, string>;
    const differences: string[] = [];
    for (let code = 0; code < 0x110000; code++) {
      if (code >= 0xd800 && code < 0xe000) continue;
      const char = String.fromCodePoint(code);
      if (pyLower(char) !== (table[code] ?? char)) differences.push(code.toString(16));
    }
    expect(differences).toEqual([]);
  });
});

describe('shlexSplit matches shlex.split()', () => {
  test.each([
    { input: 'profile dev', tokens: ['profile', 'dev'] },
    { input: 'profile  \t dev ', tokens: ['profile', 'dev'] },
    { input: 'profile "my name"', tokens: ['profile', 'my name'] },
    { input: "profile 'x'", tokens: ['profile', 'x'] },
    { input: 'profile a"b c"d', tokens: ['profile', 'ab cd'] },
    { input: "profile ''", tokens: ['profile', ''] },
    { input: 'profile "a\\"b"', tokens: ['profile', 'a"b'] },
    { input: 'profile "a\\b"', tokens: ['profile', 'a\\b'] }, // in double quotes only \" and \\ are escapes
    { input: "profile 'a\\'", tokens: ['profile', 'a\\'] }, // no escapes in single quotes
    { input: 'profile a\\ b', tokens: ['profile', 'a b'] },
    { input: 'profile #x', tokens: ['profile', '#x'] }, // no comments
    { input: 'profile\u00a0x', tokens: ['profile\u00a0x'] }, // only space, tab, CR and LF separate
    { input: 'profile "abc', tokens: null },
    { input: 'profile x\\', tokens: null },
    { input: '', tokens: [] },
  ])('$input', ({ input, tokens }) => {
    expect(shlexSplit(input)).toEqual(tokens);
  });

  test('on 3000 random strings of quotes, escapes and spaces, as python3 does', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['a', 'b', ' ', '\t', '"', "'", '\\', '#', 'é', '\u00a0', '😀'];
    const inputs = Array.from({ length: 3000 }, () =>
      Array.from({ length: Math.floor(random() * 9) }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''),
    );
    const expected = python(['shlex'], inputs).map((line) => JSON.parse(line) as string[] | null);
    expect(inputs.map(shlexSplit)).toEqual(expected);
  });
});
