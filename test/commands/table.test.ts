// Every command of the table: its module loads, its help is what it says (snapshots), its options parse.

import { expect, test } from 'vitest';
import { parseOptions } from '../../src/cli/parseOptions.ts';
import { COMMANDS, isCommand, type CommandName } from '../../src/commands/table.ts';

const NAMES = Object.keys(COMMANDS) as CommandName[];

test.each(NAMES)('keyrack-cp %s --help', async (name) => {
  const command = await COMMANDS[name].load();
  const help = command.help('linux');
  expect(help.startsWith(`Usage: keyrack-cp ${name}`)).toBe(true);
  // Every option the command declares is in its help, and its help names none it does not take.
  for (const option of Object.keys(command.options)) expect(help).toContain(`--${option}`);
  const named = [...help.matchAll(/(?<![\w-])--([a-z][\w-]*)/g)].map((m) => m[1]!);
  expect(named.filter((o) => !(o in command.options) && o !== 'help' && o !== 'debug')).toEqual([]);
  expect(help).toMatchSnapshot();
});

test.each(NAMES)('%s: --help and --debug are every command’s', async (name) => {
  const command = await COMMANDS[name].load();
  expect(parseOptions(name, ['--help', '--debug'], command.options)).toMatchObject({ help: true, debug: true });
});

test('the table knows its names and nothing else', () => {
  expect(NAMES).toEqual(['login', 'logout', 'status', 'export', 'write-credentials', 'exec', 'serve', 'migrate', 'configure', 'populate', 'console']);
  expect(isCommand('login')).toBe(true);
  expect(isCommand('toString')).toBe(false);
  expect(isCommand(undefined)).toBe(false);
});
