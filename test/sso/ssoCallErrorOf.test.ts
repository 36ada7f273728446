import { expect, test } from 'vitest';
import { failure } from '../../src/errors.ts';
import { SsoCallError } from '../../src/sso/ssoCallError.ts';
import { ssoCallErrorOf } from '../../src/sso/ssoCallErrorOf.ts';

test('an SSO call’s error is handed back, to be explained as the call’s failure', () => {
  const e = new SsoCallError('throttled', 'TooManyRequestsException (HTTP 429), still after retries');
  expect(ssoCallErrorOf(e)).toBe(e);
});

test.each([
  ['a bug', new TypeError("Cannot read properties of undefined (reading 'x')")],
  ['an error with its own remedy', failure("sso-session 'acme'", 'the registration cache is a directory', 'Remove it.')],
  ['an Error merely named like one', Object.assign(new Error('x'), { name: 'SsoCallError' })],
  ['not an Error at all', 'a string'],
])('anything else (%s) is thrown on as it is, not read as "… failed (undefined)"', (_, thrown) => {
  expect(() => ssoCallErrorOf(thrown)).toThrow();
  try {
    ssoCallErrorOf(thrown);
  } catch (caught) {
    expect(caught).toBe(thrown);
  }
});
