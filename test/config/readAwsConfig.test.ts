// readAwsConfig on real files: what counts as no file, and which file problems are refused with what message.

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, test } from 'vitest';
import { readAwsConfig } from '../../src/config/readAwsConfig.ts';
import { KeyrackError } from '../../src/errors.ts';
import { HOST_PLATFORM } from '../helpers/hostPlatform.ts';

const dir = mkdtempSync(join(tmpdir(), 'keyrack-read-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const env = (config: string, credentials: string = join(dir, 'absent-credentials')): NodeJS.ProcessEnv => ({
  AWS_CONFIG_FILE: config,
  AWS_SHARED_CREDENTIALS_FILE: credentials,
});
const profileNames = (e: NodeJS.ProcessEnv, home = dir) => [...readAwsConfig(e, home, HOST_PLATFORM).profiles.keys()];

function refusal(e: NodeJS.ProcessEnv): KeyrackError {
  try {
    readAwsConfig(e, dir, HOST_PLATFORM);
  } catch (error) {
    expect(error).toBeInstanceOf(KeyrackError);
    return error as KeyrackError;
  }
  throw new Error('readAwsConfig accepted it');
}

describe('files that are read', () => {
  test('both files, merged, with the paths used', () => {
    const config = file('both.config', '[profile dev]\nregion = a\n[sso-session s]\nsso_region = r');
    const credentials = file('both.credentials', '[dev]\nregion = b');
    const result = readAwsConfig(env(config, credentials), dir, HOST_PLATFORM);
    expect(result.profiles.get('dev')?.get('region')).toBe('b');
    expect(result.ssoSessions.get('s')?.get('sso_region')).toBe('r');
    expect([result.configFile, result.credentialsFile]).toEqual([config, credentials]);
  });

  test('the default locations under home', () => {
    const home = join(dir, 'home');
    mkdirSync(join(home, '.aws'), { recursive: true });
    writeFileSync(join(home, '.aws', 'config'), '[default]\nregion = x');
    writeFileSync(join(home, '.aws', 'credentials'), '[other]\na = 1');
    expect(profileNames({}, home)).toEqual(['default', 'other']);
  });

  test('through a symlink', () => {
    const link = join(dir, 'link.config');
    symlinkSync(file('target.config', '[profile via-link]'), link);
    expect(profileNames(env(link))).toEqual(['via-link']);
  });
});

describe('what counts as no file (as botocore: its os.path.isfile is false)', () => {
  test.each<{ rule: string; config: () => string }>([
    { rule: 'a missing file', config: () => join(dir, 'missing') },
    { rule: 'a parent that is a file (ENOTDIR)', config: () => join(file('plain', ''), 'config') },
    { rule: 'an empty variable', config: () => '' },
    { rule: '/dev/null', config: () => '/dev/null' },
    {
      rule: 'a FIFO, which is not opened: reading it would block forever',
      config: () => {
        const fifo = join(dir, 'fifo');
        expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
        return fifo;
      },
    },
  ])('$rule', ({ config }) => {
    const credentials = file('only.credentials', '[from-credentials]');
    const result = readAwsConfig(env(config(), credentials), dir, HOST_PLATFORM);
    expect([...result.profiles.keys()]).toEqual(['from-credentials']);
    expect([result.ssoSessions.size, result.services.size]).toEqual([0, 0]);
  });

  test('neither file', () => {
    expect(profileNames(env(join(dir, 'missing-a'), join(dir, 'missing-b')))).toEqual([]);
  });
});

describe('refused, naming the file and what to do', () => {
  test('a directory', () => {
    const path = join(dir, 'a-directory');
    mkdirSync(path);
    const error = refusal(env(path));
    expect([error.exitCode, error.subject, error.problem]).toEqual([2, path, 'is a directory, not a file']);
    expect(error.remedy).toContain('AWS_CONFIG_FILE');
  });

  test('a credentials path that is a directory names that variable', () => {
    const path = join(dir, 'creds-directory');
    mkdirSync(path);
    const error = refusal(env(join(dir, 'missing'), path));
    expect([error.subject, error.remedy]).toEqual([path, expect.stringContaining('AWS_SHARED_CREDENTIALS_FILE')]);
  });

  test('a symlink loop', () => {
    const loop = join(dir, 'loop');
    symlinkSync(loop, loop);
    const error = refusal(env(loop));
    expect([error.exitCode, error.subject, error.problem]).toEqual([2, loop, 'cannot be read (ELOOP)']);
  });

  test('a config file the CLI refuses', () => {
    const path = file('bad.config', '[default]\nregion = x\nregion = y');
    expect(refusal(env(path)).subject).toBe(`${path} line 3`);
  });

  test('a credentials file the CLI refuses', () => {
    const path = file('bad.credentials', '[default]\naws_access_key_id');
    expect(refusal(env(file('ok.config', '[default]'), path)).subject).toBe(`${path} line 2`);
  });

  // Root reads anything, so the unreadable file is read by a child process running as nobody (or as ourselves
  // when the tests are not run as root), using the module bundled as it ships.
  test('a file without read permission', () => {
    const bundle = join(dir, 'readAwsConfig.cjs');
    const built = buildSync({ entryPoints: [join(import.meta.dirname, '../../src/config/readAwsConfig.ts')], bundle: true, platform: 'node', format: 'cjs', write: false });
    writeFileSync(bundle, built.outputFiles[0]?.text ?? '', { mode: 0o644 });
    const path = file('unreadable.config', '[default]');
    chmodSync(path, 0o000);
    chmodSync(dir, 0o755);
    const script = `
      const { readAwsConfig } = require(${JSON.stringify(bundle)});
      try { readAwsConfig({ AWS_CONFIG_FILE: ${JSON.stringify(path)}, AWS_SHARED_CREDENTIALS_FILE: '/nonexistent' }, '/nonexistent', process.platform); console.log('{}'); }
      catch (e) { console.log(JSON.stringify({ exitCode: e.exitCode, subject: e.subject, problem: e.problem, remedy: e.remedy })); }`;
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', ...asNobody });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      exitCode: 2,
      subject: path,
      problem: 'cannot be read: permission denied',
      remedy: `Make it readable by your user, for example: chmod u+r '${path}'`,
    });
  });
});
