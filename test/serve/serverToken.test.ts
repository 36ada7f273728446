// The server's token: made from 32 random bytes, read from --token-file only as the SDKs will send it, compared
// in constant time.

import { expect, test } from 'vitest';
import { makeServerToken, MIN_TOKEN_CHARS, tokenMatcher, whyNotToken } from '../../src/serve/serverToken.ts';

test('32 random bytes as base64url: 43 characters, safe in a header and in any shell', () => {
  const asked: number[] = [];
  const token = makeServerToken((n) => {
    asked.push(n);
    return Buffer.alloc(n, 0xfb);
  });
  expect(asked).toEqual([32]);
  expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(token.length).toBe(MIN_TOKEN_CHARS);
});

const GOOD = 'a'.repeat(43);
test.each<[string, string, RegExp | null]>([
  ['43 characters', GOOD, null],
  ['openssl rand -base64 32 without its newline', 'q5XGk0wB0oC8bH6V9sQ0l2b7D1wq8Yq3E+Yc/9bMGkI=', null],
  ['empty', '', /is empty/],
  ['a trailing newline (openssl rand -base64 32 > FILE)', `${GOOD}\n`, /ends with a line break, which botocore refuses/],
  ['a trailing CRLF', `${GOOD}\r\n`, /ends with a line break/],
  ['two lines', `${GOOD}\n${GOOD}`, /holds line breaks/],
  ['a space', `${GOOD} x`, /holds a space/],
  ['a non-ASCII character', `${GOOD}é`, /non-ASCII/],
  ['42 characters', 'a'.repeat(42), /is 42 characters long, shorter than 43/],
  ['a UUID (122 random bits)', '0b7c3a56-8a3f-4a36-9b0c-5d2f6e1a9c44', /is 36 characters long/],
])('token file holding %s', (_name, text, why) => {
  const found = whyNotToken(text);
  if (why === null) expect(found).toBeNull();
  else expect(found).toMatch(why);
  // The refusal never quotes the file's content.
  if (found && text.length > 8) expect(found).not.toContain(text.trim());
});

test.each<[string, boolean]>([
  [GOOD, true],
  ['a'.repeat(42), false],
  ['a'.repeat(44), false],
  [`${GOOD} `, false],
  ['', false],
])('tokenMatcher(%j)', (presented, matches) => {
  expect(tokenMatcher(GOOD)(presented)).toBe(matches);
});
