// Each subcommand answers --help, and parses its options strictly (usage errors exit 2).

import { expect, test } from 'vitest';
import type { Command, CommandContext } from '../../src/commands/command.ts';
import { parseCommandArgs, profileFrom } from '../../src/commands/commandArgs.ts';
import { exportCommand } from '../../src/commands/export.ts';
import { migrateCommand } from '../../src/commands/migrate.ts';
import { writeCredentialsCommand } from '../../src/commands/writeCredentials.ts';
import { KeyrackError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';

test.each<[string, Command]>([
  ['export', exportCommand],
  ['write-credentials', writeCredentialsCommand],
  ['migrate', migrateCommand],
])('keyrack-cp %s --help', async (name, command) => {
  let out = '';
  const ctx: CommandContext = { argv: ['--help'], env: {}, home: '/nonexistent', platform: 'linux', now: () => new Date(), log: createLogger({ debug: false, write: () => undefined }), stdout: (t) => (out += t) };
  expect(await command.run(ctx)).toBe(0);
  expect(out.startsWith(`Usage: keyrack-cp ${name} `)).toBe(true);
  expect(out).toMatchSnapshot();
});

test.each<[string[], RegExp]>([
  [['--nope'], /^usage: Unknown option '--nope'\. Run keyrack-cp x --help for its options\.$/],
  [['stray'], /^usage: keyrack-cp x takes no argument 'stray'\. Run keyrack-cp x --help/],
  [['--name'], /^usage: Option '--name <value>' argument missing/],
])('usage errors exit 2: %j', (argv, message) => {
  try {
    parseCommandArgs('x', argv, { name: { type: 'string' } });
    expect.unreachable();
  } catch (error) {
    expect(error).toBeInstanceOf(KeyrackError);
    expect((error as KeyrackError).exitCode).toBe(2);
    expect((error as KeyrackError).describe()).toMatch(message);
  }
});

test('options, --debug and --help parse', () => {
  expect(parseCommandArgs('x', ['--name', 'n', '--flag', '--debug'], { name: { type: 'string' }, flag: { type: 'boolean' } })).toEqual({ name: 'n', flag: true, debug: true });
});

test.each<[string | undefined, NodeJS.ProcessEnv, string]>([
  ['a', { AWS_PROFILE: 'b' }, 'a'],
  [undefined, { AWS_PROFILE: 'b' }, 'b'],
  [undefined, {}, 'default'],
])('profileFrom(%j, %j) = %j', (option, env, profile) => {
  expect(profileFrom(option, env)).toBe(profile);
});
