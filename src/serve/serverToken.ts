// The token every request to keyrack-cp serve must carry in its Authorization header: made, checked, compared.

import { createHash, timingSafeEqual } from 'node:crypto';

/** 32 random bytes, as base64url: 43 characters that need no quoting in any shell and are a valid header value. */
export const TOKEN_BYTES = 32;
/** What a token read from --token-file must have at least: the length of 32 bytes in base64, unpadded. */
export const MIN_TOKEN_CHARS = 43;

/** `random` is node:crypto's randomBytes in use, a fixed function in tests. */
export function makeServerToken(random: (bytes: number) => Buffer): string {
  return random(TOKEN_BYTES).toString('base64url');
}

/**
 * Why a token file's text cannot be the token, or null. The SDKs send the file's content as it is (botocore reads
 * AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE without stripping it and refuses a CR or LF in it; the JS SDK refuses
 * "\r\n"), so a trailing newline is refused here too, rather than accepted and then refused by every client.
 */
export function whyNotToken(text: string): string | null {
  if (text === '') return 'is empty';
  if (/[\r\n]$/.test(text) && !/[\r\n]/.test(text.replace(/\r?\n$/, ''))) return "ends with a line break, which botocore refuses in the header it sends (it reads the file as it is)";
  if (/[\r\n]/.test(text)) return 'holds line breaks; a token is one line with no line break';
  if (/[^\x21-\x7e]/.test(text)) return 'holds a space, a control character or a non-ASCII character, which an HTTP header would not carry as it is';
  if (text.length < MIN_TOKEN_CHARS) return `is ${text.length} characters long, shorter than ${MIN_TOKEN_CHARS} (32 random bytes in base64)`;
  return null;
}

/**
 * Compares in constant time: both sides are hashed first, so neither the time nor an early length check says how
 * much of a guess was right.
 */
export function tokenMatcher(token: string): (presented: string) => boolean {
  const expected = digest(token);
  return (presented) => timingSafeEqual(digest(presented), expected);
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();
