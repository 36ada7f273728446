// getConfigPaths: the two file locations with os.path.expandvars then expanduser, checked against python3 too.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { getConfigPaths } from '../../src/config/configPaths.ts';

const HOME = '/home/u';

describe('getConfigPaths', () => {
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
  ])('$rule', ({ env, home, configFile, credentialsFile }) => {
    expect(getConfigPaths(env, home ?? HOME)).toEqual({ configFile, credentialsFile });
  });

  test.each(['/home/u', '/home/u//', '/', ''])('expands as os.path.expanduser(os.path.expandvars()) with HOME=%j', (home) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, D: '/d', T: '~', EMPTY: '', 'A B': '/space', X1: 'one', DOLLAR: '$D' };
    const paths = [
      '$HOME/alt', '${HOME}/alt', '$D', '${D}x', '$Dx', '$NOPE/x', '${NOPE}/x', '$', '$$D', '${}', '${', '${D', '$1', '$X1y', '$X1-y',
      '${A B}/c', '$T/c', '$EMPTY/x', '$DOLLAR', '~', '~/', '~/x', '~//x', 'x/~', '~nosuchuser/x', '~nosuchuser', '$ÜD', 'a$D$D', '',
    ];
    const run = spawnSync('python3', [join(import.meta.dirname, 'python_semantics.py'), 'expand', home], {
      input: paths.map((p) => JSON.stringify(p)).join('\n') + '\n',
      encoding: 'utf8',
      env: { ...env, PYTHONUTF8: '1' },
    });
    expect(run.status, run.stderr).toBe(0);
    const expected = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as string);
    expect(paths.map((p) => getConfigPaths({ ...env, AWS_CONFIG_FILE: p }, home).configFile)).toEqual(expected);
  });
});
