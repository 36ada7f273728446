// The cache paths on each platform: the token cache, the client registration and the role-credential cache, byte
// for byte the strings the AWS CLI builds there (its Python os.path is posixpath or ntpath), so both find one file.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { getRoleCredentialCacheDir, getRoleCredentialCachePath } from '../../src/credentials/roleCredentialCachePath.ts';
import { getRegistrationCachePath } from '../../src/login/registrationEntry.ts';
import type { Platform } from '../../src/platform/platform.ts';
import { getSsoCacheDir, getTokenCachePath } from '../../src/token/tokenCachePath.ts';

// Reference vectors (reference §3.1, §3.5, §3.6).
const TOKEN_KEY = '0ad374308c5a4e22f723adf10145eafad7c4031c'; // sha1('my-sso')
const ROLE_KEY = '0521d1f6a6c4e68f9e18540309367cc3cccb6305'; // {"accountId":"111122223333","roleName":"ReadOnly","sessionName":"my-sso"}
const REGISTRATION_KEY = 'deb8cc906c2b78450415f3bc940056d81e790b51'; // my-sso, https://d-abc.awsapps.com/start, us-east-1, scopes
const ROLE = { accountId: '111122223333', roleName: 'ReadOnly', sessionName: 'my-sso' };
const SESSION = { name: 'my-sso', startUrl: 'https://d-abc.awsapps.com/start', region: 'us-east-1', registrationScopes: ['sso:account:access'] };

const paths = (home: string, platform: Platform) => ({
  ssoDir: getSsoCacheDir(home, platform),
  token: getTokenCachePath(home, 'my-sso', platform),
  registration: getRegistrationCachePath(home, SESSION, platform),
  roleDir: getRoleCredentialCacheDir(home, platform),
  role: getRoleCredentialCachePath(home, ROLE, platform),
});

describe('cache paths', () => {
  test.each<[Platform, string, string]>([
    ['linux', '/home/me', '/'],
    ['darwin', '/Users/me', '/'],
    ['win32', 'C:\\Users\\me', '\\'],
    ['win32', '\\\\server\\profiles\\me', '\\'],
  ])('%s, home %s: every part joined with %j', (platform, home, sep) => {
    const j = (...parts: string[]) => [home, ...parts].join(sep);
    expect(paths(home, platform)).toEqual({
      ssoDir: j('.aws', 'sso', 'cache'),
      token: j('.aws', 'sso', 'cache', `${TOKEN_KEY}.json`),
      registration: j('.aws', 'sso', 'cache', `${REGISTRATION_KEY}.json`),
      roleDir: j('.aws', 'cli', 'cache'),
      role: j('.aws', 'cli', 'cache', `${ROLE_KEY}.json`),
    });
  });

  test('win32 on this Linux host: C:\\Users\\me\\.aws\\sso\\cache\\<sha1>.json', () => {
    expect(getTokenCachePath('C:\\Users\\me', 'my-sso', 'win32')).toBe(`C:\\Users\\me\\.aws\\sso\\cache\\${TOKEN_KEY}.json`);
  });

  test('a home written with forward slashes on Windows is normalised to backslashes', () => {
    expect(getTokenCachePath('C:/Users/me', 'my-sso', 'win32')).toBe(`C:\\Users\\me\\.aws\\sso\\cache\\${TOKEN_KEY}.json`);
  });

  test.each<[Platform, 'posix' | 'nt', string]>([
    ['linux', 'posix', '/home/me'],
    ['darwin', 'posix', '/Users/me'],
    ['win32', 'nt', 'C:\\Users\\me'],
    ['win32', 'nt', 'D:\\Profiles\\Jöe Bloggs'],
    ['win32', 'nt', '\\\\server\\profiles\\me'],
  ])('%s: byte-identical to the AWS CLI (Python %s os.path), home %s', (platform, flavour, home) => {
    const keys: Array<['sso' | 'cli', string]> = [['sso', TOKEN_KEY], ['sso', REGISTRATION_KEY], ['cli', ROLE_KEY]];
    const run = spawnSync('python3', [join(import.meta.dirname, '..', 'config', 'cli_cache_paths.py'), flavour, home], {
      input: keys.map((k) => JSON.stringify(k)).join('\n') + '\n',
      encoding: 'utf8',
      env: { PATH: process.env.PATH, PYTHONUTF8: '1' },
    });
    expect(run.status, run.stderr).toBe(0);
    const cli = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as string);
    const ours = paths(home, platform);
    expect([ours.token, ours.registration, ours.role]).toEqual(cli);
  });
});
