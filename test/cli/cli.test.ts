import { expect, test } from 'vitest';
import { readAutoLoginSetting } from '../../src/cli/autoLoginSetting.ts';
import { helpText } from '../../src/cli/helpText.ts';
import { parseArgs } from '../../src/cli/parseArgs.ts';
import { KeyrackError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import { formatCredentialProcess } from '../../src/output/formatCredentialProcess.ts';

test.each<[string[], NodeJS.ProcessEnv, ReturnType<typeof parseArgs>]>([
  [['--profile', 'a'], { AWS_PROFILE: 'b' }, { kind: 'credentials', profile: 'a', noCache: false, autoLogin: false }],
  [['--profile=a.b'], {}, { kind: 'credentials', profile: 'a.b', noCache: false, autoLogin: false }],
  [['-p', 'x', '--debug'], {}, { kind: 'credentials', profile: 'x', noCache: false, autoLogin: false }],
  [[], { AWS_PROFILE: 'b', AWS_DEFAULT_PROFILE: 'c' }, { kind: 'credentials', profile: 'b', noCache: false, autoLogin: false }],
  [[], {}, { kind: 'credentials', profile: 'default', noCache: false, autoLogin: false }],
  [['-p', 'x', '--auto-login'], {}, { kind: 'credentials', profile: 'x', noCache: false, autoLogin: true }],
  [['-p', 'x', '--no-cache'], {}, { kind: 'credentials', profile: 'x', noCache: true, autoLogin: false }],
  [['--help'], {}, { kind: 'help' }],
  [['--version'], {}, { kind: 'version' }],
])('parseArgs(%j, %j)', (argv, env, expected) => {
  expect(parseArgs(argv, env)).toEqual(expected);
});

test.each<[string[], RegExp]>([
  [['--nope'], /usage: Unknown option '--nope'/],
  [['--profile'], /usage: Option '-p, --profile <value>' argument missing/],
  [['frobnicate'], /unknown command 'frobnicate'/],
  [['--profile', ''], /profile name is empty/],
  [['--auto-login=yes'], /Option '--auto-login' does not take an argument/],
])('usage errors exit 2: %j', (argv, message) => {
  try {
    parseArgs(argv, {});
    expect.unreachable();
  } catch (error) {
    expect(error).toBeInstanceOf(KeyrackError);
    expect((error as KeyrackError).exitCode).toBe(2);
    expect((error as KeyrackError).describe()).toMatch(message);
  }
});

test.each<[string | undefined, boolean]>([
  [undefined, false],
  ['', false],
  ['1', true],
  [' Yes ', true],
  ['on', true],
  ['off', false],
  ['0', false],
  ['FALSE', false],
])('KEYRACK_CP_AUTO_LOGIN=%j is %s', (value, on) => {
  expect(readAutoLoginSetting(value === undefined ? {} : { KEYRACK_CP_AUTO_LOGIN: value })).toBe(on);
});

test('a KEYRACK_CP_AUTO_LOGIN that is neither on nor off is exit 2, not a silent "off"', () => {
  expect(() => readAutoLoginSetting({ KEYRACK_CP_AUTO_LOGIN: 'maybe' })).toThrow(/KEYRACK_CP_AUTO_LOGIN='maybe' is neither on/);
  try {
    readAutoLoginSetting({ KEYRACK_CP_AUTO_LOGIN: 'ture' });
  } catch (error) {
    expect((error as KeyrackError).exitCode).toBe(2);
  }
});

test('help text', () => {
  expect(helpText()).toMatchSnapshot();
});

test('credential_process JSON: Version 1, second-precision Expiration, AccountId', () => {
  expect(
    formatCredentialProcess({ accessKeyId: 'AK', secretAccessKey: 'SK', sessionToken: 'ST', expiration: new Date('2026-11-22T13:00:00.789Z'), accountId: '111122223333' }),
  ).toBe('{"Version":1,"AccessKeyId":"AK","SecretAccessKey":"SK","SessionToken":"ST","Expiration":"2026-11-22T13:00:00Z","AccountId":"111122223333"}');
});

test('the logger scrubs registered secrets and hides debug lines unless asked', () => {
  const lines: string[] = [];
  const log = createLogger({ debug: false, write: (l) => lines.push(l) });
  log.secret('super-secret-token');
  log.secret('short');
  log.debug('not shown');
  log.warn('token super-secret-token leaked? short');
  expect(lines).toEqual(['keyrack-cp: warning: token *** leaked? short\n']);
});
