// exec's exit code from how COMMAND ended, on Linux's and macOS's signal numbers.

import { expect, test } from 'vitest';
import { exitCodeOf, type ChildEnd } from '../../src/exec/exitCode.ts';

const LINUX = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGUSR1: 10, SIGTERM: 15 };
const DARWIN = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGUSR1: 30, SIGTERM: 15 };

test.each<[string, ChildEnd, Record<string, number>, number, RegExp]>([
  ['success', { code: 0, signal: null }, LINUX, 0, /exited with 0/],
  ["COMMAND's own failure code", { code: 7, signal: null }, LINUX, 7, /exited with 7/],
  ['SIGTERM: 128 + 15', { code: null, signal: 'SIGTERM' }, LINUX, 143, /ended by SIGTERM: 128 \+ 15/],
  ['SIGINT: 128 + 2', { code: null, signal: 'SIGINT' }, LINUX, 130, /SIGINT/],
  ['SIGKILL: 128 + 9', { code: null, signal: 'SIGKILL' }, LINUX, 137, /SIGKILL/],
  ["SIGUSR1 is the platform's number: 10 on Linux", { code: null, signal: 'SIGUSR1' }, LINUX, 138, /128 \+ 10/],
  ['... and 30 on macOS', { code: null, signal: 'SIGUSR1' }, DARWIN, 158, /128 \+ 30/],
  ['a signal the table does not know: 1', { code: null, signal: 'SIGPWR' }, LINUX, 1, /does not know/],
  ['neither: 1', { code: null, signal: null }, LINUX, 1, /neither/],
])('%s', (_name, end, numbers, code, why) => {
  const result = exitCodeOf(end, numbers);
  expect(result.code).toBe(code);
  expect(result.why).toMatch(why);
});
