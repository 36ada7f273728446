// Text from the user's files shown on a terminal: control characters escaped, a message's own line breaks kept.

import { describe, expect, test } from 'vitest';
import { printable } from '../../src/text/printable.ts';

describe('printable', () => {
  test.each([
    ['plain text is untouched', 'profile dev', 'profile dev'],
    ['an escape sequence is shown, not obeyed', 'a\x1b[2Jb', 'a\\x1b[2Jb'],
    ['carriage return and tab by name', 'a\rb\tc', 'a\\rb\\tc'],
    ['NUL and DEL', 'a\x00b\x7f', 'a\\x00b\\x7f'],
    ['C1 controls', 'a\x9bb', 'a\\x9bb'],
    ['a message keeps its own line breaks', 'line one\nline two\n', 'line one\nline two\n'],
    ['unicode is left alone', 'prod-é-☃', 'prod-é-☃'],
  ])('%s', (_why, input, expected) => {
    expect(printable(input)).toBe(expected);
  });

  test('newlines: false keeps a quoted value on its line', () => {
    expect(printable('us-east-1\nfoo = bar', { newlines: false })).toBe('us-east-1\\nfoo = bar');
  });
});
