// `~` on each platform: the variables in the JS SDK's order on Windows, HOME elsewhere, then os.homedir().

import { describe, expect, test } from 'vitest';
import { KeyrackError } from '../../src/errors.ts';
import { resolveHomeDirectory } from '../../src/platform/homeDirectory.ts';
import type { Platform } from '../../src/platform/platform.ts';

const osHome = () => '/from/os.homedir';
const noHome = () => {
  throw new Error('ENOENT: no such user');
};

describe('resolveHomeDirectory', () => {
  const WIN = { USERPROFILE: 'C:\\Users\\me', HOMEDRIVE: 'D:', HOMEPATH: '\\Users\\drive' };
  test.each<[string, Platform, NodeJS.ProcessEnv, string, string]>([
    ['linux: HOME', 'linux', { HOME: '/home/me' }, '/home/me', 'HOME'],
    ['linux: USERPROFILE means nothing', 'linux', { USERPROFILE: 'C:\\Users\\me', HOMEDRIVE: 'C:', HOMEPATH: '\\x' }, '/from/os.homedir', 'os.homedir()'],
    ['linux: an empty HOME is unset', 'linux', { HOME: '' }, '/from/os.homedir', 'os.homedir()'],
    ['darwin: HOME', 'darwin', { HOME: '/Users/me' }, '/Users/me', 'HOME'],
    ['darwin: no HOME: os.homedir()', 'darwin', {}, '/from/os.homedir', 'os.homedir()'],
    ['darwin: USERPROFILE means nothing', 'darwin', { USERPROFILE: 'C:\\Users\\me' }, '/from/os.homedir', 'os.homedir()'],
    ['win32: HOME first, as the JS SDK (botocore would take USERPROFILE)', 'win32', { HOME: 'C:\\msys\\home\\me', ...WIN }, 'C:\\msys\\home\\me', 'HOME'],
    ['win32: USERPROFILE when HOME is unset (the usual Windows case)', 'win32', WIN, 'C:\\Users\\me', 'USERPROFILE'],
    ['win32: an empty HOME is unset', 'win32', { HOME: '', ...WIN }, 'C:\\Users\\me', 'USERPROFILE'],
    ['win32: HOMEDRIVE + HOMEPATH after USERPROFILE', 'win32', { HOMEDRIVE: 'D:', HOMEPATH: '\\Users\\me' }, 'D:\\Users\\me', 'HOMEDRIVE and HOMEPATH'],
    ['win32: an empty USERPROFILE is unset', 'win32', { USERPROFILE: '', HOMEDRIVE: 'D:', HOMEPATH: '\\Users\\me' }, 'D:\\Users\\me', 'HOMEDRIVE and HOMEPATH'],
    ['win32: HOMEPATH without HOMEDRIVE: no drive guessed, os.homedir()', 'win32', { HOMEPATH: '\\Users\\me' }, '/from/os.homedir', 'os.homedir()'],
    ['win32: HOMEDRIVE alone: os.homedir()', 'win32', { HOMEDRIVE: 'C:' }, '/from/os.homedir', 'os.homedir()'],
    ['win32: none: os.homedir()', 'win32', {}, '/from/os.homedir', 'os.homedir()'],
  ])('%s', (_rule, platform, env, home, source) => {
    expect(resolveHomeDirectory(platform, env, osHome)).toEqual({ home, source });
  });

  test.each<[Platform, RegExp, RegExp]>([
    ['linux', /HOME is not set and there is no home directory for this user/, /Set HOME/],
    ['darwin', /HOME is not set/, /Set HOME/],
    ['win32', /none of HOME, USERPROFILE, HOMEDRIVE and HOMEPATH is set, and Windows names no profile folder/, /Set USERPROFILE/],
  ])('%s: no variable and no home for the user is a configuration error (exit 2)', (platform, problem, remedy) => {
    try {
      resolveHomeDirectory(platform, {}, noHome);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KeyrackError);
      expect((error as KeyrackError).exitCode).toBe(2);
      expect((error as KeyrackError).problem).toMatch(problem);
      expect((error as KeyrackError).remedy).toMatch(remedy);
    }
  });
});
