// getConfigPaths: the two file locations with os.path.expandvars then expanduser as Python has them on each
// platform (posixpath on Linux and macOS, ntpath on Windows), checked against python3's own modules too.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { getConfigPaths } from '../../src/config/configPaths.ts';
import type { Platform } from '../../src/platform/platform.ts';

const HOME = '/home/u';

/** What python3's posixpath (`expand`) or ntpath (`expand-nt`) makes of each path, with `~` = home. */
function pythonExpands(mode: 'expand' | 'expand-nt', home: string, env: NodeJS.ProcessEnv, paths: readonly string[]): string[] {
  const run = spawnSync('python3', [join(import.meta.dirname, 'python_semantics.py'), mode, home], {
    input: paths.map((p) => JSON.stringify(p)).join('\n') + '\n',
    encoding: 'utf8',
    env: { ...env, PYTHONUTF8: '1' },
  });
  expect(run.status, run.stderr).toBe(0);
  return run.stdout.trim().split('\n').map((line) => JSON.parse(line) as string);
}

describe('getConfigPaths', () => {
  test.each<{ platform: Platform; home: string; configFile: string; credentialsFile: string }>([
    { platform: 'linux', home: '/home/me', configFile: '/home/me/.aws/config', credentialsFile: '/home/me/.aws/credentials' },
    { platform: 'darwin', home: '/Users/me', configFile: '/Users/me/.aws/config', credentialsFile: '/Users/me/.aws/credentials' },
    { platform: 'win32', home: 'C:\\Users\\me', configFile: 'C:\\Users\\me\\.aws\\config', credentialsFile: 'C:\\Users\\me\\.aws\\credentials' },
    { platform: 'win32', home: '\\\\server\\home\\me', configFile: '\\\\server\\home\\me\\.aws\\config', credentialsFile: '\\\\server\\home\\me\\.aws\\credentials' },
  ])('$platform: the defaults under $home, with the platform separator', ({ platform, home, configFile, credentialsFile }) => {
    expect(getConfigPaths({}, home, platform)).toEqual({ configFile, credentialsFile });
  });

  test.each<{ rule: string; env: NodeJS.ProcessEnv; home?: string; configFile: string; credentialsFile: string }>([
    { rule: 'defaults under home', env: {}, configFile: '/home/u/.aws/config', credentialsFile: '/home/u/.aws/credentials' },
    { rule: 'a trailing slash on home is dropped', env: {}, home: '/home/u/', configFile: '/home/u/.aws/config', credentialsFile: '/home/u/.aws/credentials' },
    { rule: 'home is /', env: {}, home: '/', configFile: '/.aws/config', credentialsFile: '/.aws/credentials' },
    { rule: 'both variables', env: { AWS_CONFIG_FILE: '/etc/aws/config', AWS_SHARED_CREDENTIALS_FILE: '/etc/aws/creds' }, configFile: '/etc/aws/config', credentialsFile: '/etc/aws/creds' },
    { rule: 'reference §10 case 14: $HOME in the value', env: { AWS_CONFIG_FILE: '$HOME/alt', HOME: '/h' }, configFile: '/h/alt', credentialsFile: '/home/u/.aws/credentials' },
    { rule: '${VAR}', env: { AWS_CONFIG_FILE: '${D}/config', D: '/d' }, configFile: '/d/config', credentialsFile: '/home/u/.aws/credentials' },
    { rule: 'an unknown variable is left as written', env: { AWS_SHARED_CREDENTIALS_FILE: '$NOPE/${NOPE}/c' }, configFile: '/home/u/.aws/config', credentialsFile: '$NOPE/${NOPE}/c' },
    { rule: 'a variable set to empty is replaced by nothing', env: { AWS_CONFIG_FILE: '/a$EMPTY/b', EMPTY: '' }, configFile: '/a/b', credentialsFile: '/home/u/.aws/credentials' },
    { rule: '~ and ~/ use home', env: { AWS_CONFIG_FILE: '~', AWS_SHARED_CREDENTIALS_FILE: '~/creds' }, configFile: '/home/u', credentialsFile: '/home/u/creds' },
    { rule: 'a variable that expands to ~/ is then expanded', env: { AWS_CONFIG_FILE: '$T/c', T: '~' }, configFile: '/home/u/c', credentialsFile: '/home/u/.aws/credentials' },
    { rule: 'a value is not expanded twice', env: { AWS_CONFIG_FILE: '$A', A: '$HOME/x', HOME: '/h' }, configFile: '$HOME/x', credentialsFile: '/home/u/.aws/credentials' },
    { rule: '~user is left as written (no password-database lookup)', env: { AWS_CONFIG_FILE: '~root/config' }, configFile: '~root/config', credentialsFile: '/home/u/.aws/credentials' },
    { rule: 'an empty variable is used as is, as botocore does (it then finds no file)', env: { AWS_CONFIG_FILE: '' }, configFile: '', credentialsFile: '/home/u/.aws/credentials' },
    { rule: 'a relative path stays relative', env: { AWS_CONFIG_FILE: 'cfg' }, configFile: 'cfg', credentialsFile: '/home/u/.aws/credentials' },
    { rule: '__proto__ is not a variable', env: { AWS_CONFIG_FILE: '$__proto__/${constructor}' }, configFile: '$__proto__/${constructor}', credentialsFile: '/home/u/.aws/credentials' },
    { rule: '%VAR% is not a variable on POSIX', env: { AWS_CONFIG_FILE: '%D%/c', D: '/d' }, configFile: '%D%/c', credentialsFile: '/home/u/.aws/credentials' },
    { rule: '~\\ is not home on POSIX', env: { AWS_CONFIG_FILE: '~\\c' }, configFile: '~\\c', credentialsFile: '/home/u/.aws/credentials' },
  ])('linux and darwin: $rule', ({ env, home, configFile, credentialsFile }) => {
    expect(getConfigPaths(env, home ?? HOME, 'linux')).toEqual({ configFile, credentialsFile });
    expect(getConfigPaths(env, home ?? HOME, 'darwin')).toEqual({ configFile, credentialsFile });
  });

  const WIN_HOME = 'C:\\Users\\me';
  const WIN_CREDS = 'C:\\Users\\me\\.aws\\credentials';
  test.each<{ rule: string; config: string; env?: NodeJS.ProcessEnv; configFile: string }>([
    { rule: '%VAR%', config: '%APPDATA%\\aws\\config', env: { APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, configFile: 'C:\\Users\\me\\AppData\\Roaming\\aws\\config' },
    { rule: 'names are case-insensitive, as in Windows', config: '%appdata%\\config', env: { APPDATA: 'D:\\a' }, configFile: 'D:\\a\\config' },
    { rule: 'an exact-case name first', config: '%Xy%', env: { XY: 'upper', Xy: 'exact' }, configFile: 'exact' },
    { rule: '$VAR and ${VAR} too', config: '$D\\${D}', env: { D: 'E:\\d' }, configFile: 'E:\\d\\E:\\d' },
    { rule: '$NAME takes - as part of the name', config: '$A-B\\c', env: { 'A-B': 'X:', A: 'wrong' }, configFile: 'X:\\c' },
    { rule: '%% and $$ are one character', config: 'C:\\100%%\\$$x', configFile: 'C:\\100%\\$x' },
    { rule: 'nothing inside single quotes is expanded', config: "'%D%'\\$D", env: { D: 'd' }, configFile: "'%D%'\\d" },
    { rule: 'an unknown %NAME% is left as written', config: '%NOPE%\\c', configFile: '%NOPE%\\c' },
    { rule: 'an unclosed %', config: 'C:\\50%\\c', configFile: 'C:\\50%\\c' },
    { rule: '~\\ is home', config: '~\\cfg', configFile: 'C:\\Users\\me\\cfg' },
    { rule: '~/ is home', config: '~/cfg', configFile: 'C:\\Users\\me/cfg' },
    { rule: '~user is left as written', config: '~other\\cfg', configFile: '~other\\cfg' },
    { rule: 'a UNC path stays', config: '\\\\srv\\share\\config', configFile: '\\\\srv\\share\\config' },
    { rule: '__proto__ is not a variable', config: '%__proto__%$constructor', configFile: '%__proto__%$constructor' },
  ])('win32: $rule', ({ config, env, configFile }) => {
    expect(getConfigPaths({ ...env, AWS_CONFIG_FILE: config }, WIN_HOME, 'win32')).toEqual({ configFile, credentialsFile: WIN_CREDS });
  });

  test.each(['/home/u', '/home/u//', '/', ''])('linux: expands as posixpath.expanduser(posixpath.expandvars()) with HOME=%j', (home) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, D: '/d', T: '~', EMPTY: '', 'A B': '/space', X1: 'one', DOLLAR: '$D' };
    const paths = [
      '$HOME/alt', '${HOME}/alt', '$D', '${D}x', '$Dx', '$NOPE/x', '${NOPE}/x', '$', '$$D', '${}', '${', '${D', '$1', '$X1y', '$X1-y',
      '${A B}/c', '$T/c', '$EMPTY/x', '$DOLLAR', '~', '~/', '~/x', '~//x', 'x/~', '~nosuchuser/x', '~nosuchuser', '$ÜD', 'a$D$D', '',
    ];
    expect(paths.map((p) => getConfigPaths({ ...env, AWS_CONFIG_FILE: p }, home, 'linux').configFile)).toEqual(pythonExpands('expand', home, env, paths));
  });

  // Python's ntpath runs on Linux too: botocore's Windows expansion, computed by Python itself. The environment has
  // no names that differ only in case (os.environ is case-sensitive off Windows) and no USERNAME (ntpath's ~user guess).
  test.each(['C:\\Users\\me', 'C:\\Users\\me\\', 'D:', ''])('win32: expands as ntpath.expanduser(ntpath.expandvars()) with USERPROFILE=%j', (home) => {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, D: 'D:\\d', T: '~', EMPTY: '', 'A B': 'C:\\space', X1: 'one', 'X-1': 'dash', DOLLAR: '$D', PCT: '%D%', Q: "'",
    };
    const paths = [
      '%D%', '%D%\\x', '%%D%%', '%NOPE%', '%', '%%', 'a%b', '%D', 'x%D%y%D%z', '%A B%', '%EMPTY%x', '%PCT%', '%DOLLAR%', '%%%D%',
      '$D', '${D}x', '$Dx', '$NOPE\\x', '${NOPE}\\x', '$', '$$D', '$$', '${}', '${', '${D', '$1', '$X1y', '$X-1', '$X1-y', '${A B}\\c',
      "'$D'", "'%D%'x%D%", "'unclosed $D", "a'b'$D", '%Q%$D', '$T\\c', '%T%\\c', '$EMPTY\\x',
      '~', '~\\', '~/', '~\\x', '~/x', '~\\\\x', 'x\\~', '~nosuchuser\\x', '~nosuchuser', '$ÜD', '%ÜD%', 'a$D$D', '',
    ];
    expect(paths.map((p) => getConfigPaths({ ...env, AWS_CONFIG_FILE: p }, home, 'win32').configFile)).toEqual(pythonExpands('expand-nt', home, env, paths));
  });
});
