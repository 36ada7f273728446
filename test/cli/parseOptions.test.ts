// The one option parser: strict, usage errors exit 2 naming the option and the command's --help.

import { parseArgs as nodeParseArgs } from 'node:util';
import { expect, test } from 'vitest';
import { optionWords, parseOptions, profileFrom } from '../../src/cli/parseOptions.ts';
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

// exec's COMMAND: the words after the first `--`, untouched (options of their own, a second `--`), for a command that
// declares it takes them; before `--` a stray word is still refused, with where the command goes.
test.each<[string[], Record<string, unknown>]>([
  [['--', 'aws', 'sts', 'get-caller-identity'], { afterDashes: ['aws', 'sts', 'get-caller-identity'] }],
  [['-n', 'dev', '--', 'aws', '--debug', '--', 'x'], { name: 'dev', afterDashes: ['aws', '--debug', '--', 'x'] }],
  [['--flag', '--', '--help'], { flag: true, afterDashes: ['--help'] }],
  [['--flag'], { flag: true, afterDashes: [] }],
  [['--'], { afterDashes: [] }],
])('a command taking the words after --: %j', (argv, expected) => {
  const values = parseOptions('x', argv, { name: { type: 'string', short: 'n' }, flag: { type: 'boolean' } }, { takesWordsAfterDashes: true });
  expect(values).toMatchObject(expected);
  expect(values.help).toBeUndefined(); // a --help after `--` is the command's
});

test.each<[string[], { takesWordsAfterDashes?: boolean }, RegExp]>([
  [['aws', 's3', 'ls'], { takesWordsAfterDashes: true }, /^usage: keyrack-cp x takes no argument 'aws' before --\. Put the command to run after --, as in: keyrack-cp x -- aws sts get-caller-identity\.$/],
  [['aws', '--', 'ls'], { takesWordsAfterDashes: true }, /takes no argument 'aws' before --/],
  [['--', 'ls'], {}, /^usage: keyrack-cp x takes no argument 'ls'\. Run keyrack-cp x --help/],
])('words where they do not belong: %j %j', (argv, rules, message) => {
  expect(() => parseOptions('x', argv, {}, rules)).toThrow(KeyrackError);
  try {
    parseOptions('x', argv, {}, rules);
  } catch (error) {
    expect((error as KeyrackError).exitCode).toBe(2);
    expect((error as KeyrackError).describe()).toMatch(message);
  }
});

test.each<[string[], string[]]>([
  [['exec', '--debug', '--', 'aws', '--debug'], ['exec', '--debug']],
  [['exec', '--', 'aws', '--debug'], ['exec']],
  [['--profile', 'dev', '--debug'], ['--profile', 'dev', '--debug']],
])('main reads --debug only before --: %j', (argv, words) => {
  expect(optionWords(argv)).toEqual(words);
});

// The parser keeps node:util parseArgs' rules (strict, positionals allowed, the last of a repeated option wins): the
// same words give the same values, and a line one refuses the other refuses, for every spelling an option can take.
const SPECS = { name: { type: 'string', short: 'n' }, flag: { type: 'boolean', short: 'f' }, quiet: { type: 'boolean', short: 'q' } } as const;
test.each<[string[]]>(([
  ['--name', 'dev'],
  ['--name=dev'],
  ['--name='],
  ['--name=-x'],
  ['--name=a=b'],
  ['-n', 'dev'],
  ['-ndev'],
  ['-n=dev'],
  ['-fq'],
  ['-fqn', 'dev'],
  ['-fndev'],
  ['-qf', '--name', 'a', '--name', 'b'],
  ['--flag', '--', '--name', 'x'],
  ['--name', '-'],
  ['-h'],
  ['--help', '--debug'],
  ['--name'],
  ['-n'],
  ['-fn'],
  ['--name', '--flag'],
  ['--name', '-q'],
  ['--flag=yes'],
  ['--nope'],
  ['-x'],
  ['-fx'],
  ['--constructor'],
  ['--toString', 'x'],
] as string[][]).map((argv) => [argv]))('the same as node:util parseArgs: %j', (argv) => {
  const node = (() => {
    try {
      return { values: { ...nodeParseArgs({ args: argv, options: { ...SPECS, help: { type: 'boolean', short: 'h' }, debug: { type: 'boolean' } }, strict: true, allowPositionals: true }).values } };
    } catch (error) {
      return { refused: (error as { code: string }).code };
    }
  })();
  let ours;
  try {
    ours = { values: { ...parseOptions('x', argv, SPECS, { takesWordsAfterDashes: true }) } };
    delete ours.values.afterDashes;
  } catch (error) {
    expect((error as KeyrackError).exitCode).toBe(2);
    expect((error as KeyrackError).describe()).toMatch(/^usage: .*'-.*Run keyrack-cp x --help for its options\.$/s);
    ours = { refused: expect.stringMatching(/^ERR_PARSE_ARGS_/) };
  }
  expect(node).toEqual(ours);
});

test.each<[string[], RegExp]>([
  [['-fx'], /^usage: Unknown option '-x'\./],
  [['--name', '--flag'], /^usage: Option '-n, --name' argument is ambiguous: did you forget its value\? A value starting with a dash is given as '--name=--flag'\./],
  [['-n'], /^usage: Option '-n, --name <value>' argument missing\./],
  [['--flag=yes'], /^usage: Option '-f, --flag' does not take an argument\./],
])('each refusal names the option as it was written: %j', (argv, message) => {
  expect(() => parseOptions('x', argv, SPECS)).toThrow(KeyrackError);
  try {
    parseOptions('x', argv, SPECS);
  } catch (error) {
    expect((error as KeyrackError).describe()).toMatch(message);
  }
});
