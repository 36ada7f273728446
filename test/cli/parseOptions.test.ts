// The one option parser: strict, usage errors exit 2 naming the option and the command's --help.

import { expect, test } from 'vitest';
import { parseOptions, profileFrom } from '../../src/cli/parseOptions.ts';
import { KeyrackError } from '../../src/errors.ts';

test.each<[string | null, string[], RegExp]>([
  ['x', ['--nope'], /^usage: Unknown option '--nope'\. Run keyrack-cp x --help for its options\.$/],
  ['x', ['stray'], /^usage: keyrack-cp x takes no argument 'stray'\. Run keyrack-cp x --help/],
  ['x', ['--name'], /^usage: Option '--name <value>' argument missing/],
  [null, ['stray'], /^usage: unknown command 'stray'\. Run keyrack-cp --help for the options\.$/],
  [null, ['--nope'], /^usage: Unknown option '--nope'\. Run keyrack-cp --help for the options\.$/],
])('usage errors exit 2: %s %j', (command, argv, message) => {
  try {
    parseOptions(command, argv, { name: { type: 'string' } });
    expect.unreachable();
  } catch (error) {
    expect(error).toBeInstanceOf(KeyrackError);
    expect((error as KeyrackError).exitCode).toBe(2);
    expect((error as KeyrackError).describe()).toMatch(message);
  }
});

test('options, --debug and --help parse', () => {
  expect(parseOptions('x', ['--name', 'n', '--flag', '--debug'], { name: { type: 'string' }, flag: { type: 'boolean' } })).toEqual({ name: 'n', flag: true, debug: true });
  expect(parseOptions('x', ['-h'], {})).toEqual({ help: true });
});

test.each<[string | undefined, NodeJS.ProcessEnv, string]>([
  ['a', { AWS_PROFILE: 'b' }, 'a'],
  [undefined, { AWS_PROFILE: 'b' }, 'b'],
  [undefined, {}, 'default'],
])('profileFrom(%j, %j) = %j', (option, env, profile) => {
  expect(profileFrom(option, env)).toBe(profile);
});

test('an empty profile name is a usage error', () => {
  expect(() => profileFrom('  ', {})).toThrow(/the profile name is empty/);
});
