// Which signals exec passes on to COMMAND, and why (the facts are the platform and whether the terminal sent it).

import { expect, test } from 'vitest';
import { isForegroundStat } from '../../src/exec/terminalForeground.ts';
import { EXEC_SIGNALS, planSignal, type ExecSignal } from '../../src/exec/planSignal.ts';
import type { Platform } from '../../src/platform/platform.ts';

test.each<[ExecSignal, Platform, boolean, boolean, RegExp]>([
  ['SIGINT', 'linux', false, true, /keyrack-cp alone/],
  ['SIGINT', 'linux', true, false, /whole foreground process group, COMMAND included: passing it on would deliver it twice/],
  ['SIGINT', 'darwin', true, false, /deliver it twice/],
  ['SIGTERM', 'linux', false, true, /must stop/],
  ['SIGTERM', 'linux', true, true, /asks the same again/],
  ['SIGHUP', 'darwin', true, true, /SIGHUP/],
  ['SIGHUP', 'linux', false, true, /SIGHUP/],
  ['SIGINT', 'win32', false, false, /Windows has no signals/],
  ['SIGTERM', 'win32', false, false, /Windows/],
  ['SIGHUP', 'win32', true, false, /closing the console/],
])('%s on %s, in a terminal\'s foreground: %s → forward %s', (signal, platform, inTerminalForeground, forward, why) => {
  const plan = planSignal(signal, { platform, inTerminalForeground });
  expect(plan.forward).toBe(forward);
  expect(plan.why).toMatch(why);
});

test('the signals exec takes', () => {
  expect(EXEC_SIGNALS).toEqual(['SIGINT', 'SIGTERM', 'SIGHUP']);
});

// /proc/self/stat: field 5 the process group, field 8 the terminal's foreground group (-1: no terminal).
test.each<[string, string, boolean]>([
  ['in the foreground', '4242 (keyrack-cp) S 4000 4242 4000 34816 4242 4194560 0', true],
  ['in the background of the terminal', '4242 (keyrack-cp) S 4000 4242 4000 34816 4300 4194560 0', false],
  ['no terminal', '4242 (keyrack-cp) S 1 4242 4242 0 -1 4194560 0', false],
  ['a name with spaces and parentheses', '4242 (a) b (c) S 4000 4242 4000 34816 4242 0', true],
  ['truncated', '4242 (x) S 1', false],
])('isForegroundStat: %s', (_name, text, expected) => {
  expect(isForegroundStat(text)).toBe(expected);
});
