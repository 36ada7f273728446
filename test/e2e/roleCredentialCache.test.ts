// The role-credential cache, end to end: shared with the AWS CLI, served only while it is safe to.

import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { getRoleCredentialCachePath } from '../../src/credentials/roleCredentialCachePath.ts';
import { tokenCacheJson } from '../emulator/index.ts';
import { pythonExecutable } from '../helpers/python.ts';
import { ARTIFACTS, ROOT, runProcess, Sandbox, START_URL } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';
import { HOST_PLATFORM } from '../helpers/hostPlatform.ts';

const emu = useE2eEmulator();

function loggedIn() {
  const box = new Sandbox(emu.url);
  box.writeToken(tokenCacheJson(emu.seedLogin({ startUrl: START_URL }), { startUrl: START_URL, region: 'us-east-1' }));
  const entry = getRoleCredentialCachePath(box.home, { accountId: '111122223333', roleName: 'ReadOnly', sessionName: 'acme' }, HOST_PLATFORM);
  return { box, entry };
}

const roleCredentials = (minutes: number, id = 'ASIAFIXEDFIXEDFIXED1') => ({
  roleCredentials: { accessKeyId: id, secretAccessKey: 'fixed-secret-access-key-000000000000', sessionToken: 'fixed-session-token-000000000000', expiration: Date.now() + minutes * 60_000 },
});

describe.each(ARTIFACTS)('%s', (_name, cmd) => {
  test('the second invocation makes no GetRoleCredentials call and prints the same credentials', async () => {
    const { box, entry } = loggedIn();
    const first = await box.run(cmd, ['--profile', 'dev']);
    const second = await box.run(cmd, ['--profile', 'dev']);
    expect([first.code, second.code, second.stderr]).toEqual([0, 0, '']);
    expect(second.stdout).toBe(first.stdout);
    expect(emu.count('GetRoleCredentials')).toBe(1);
    expect(statSync(entry).mode & 0o777).toBe(0o600);
    expect(statSync(join(box.home, '.aws', 'cli', 'cache')).mode & 0o777).toBe(0o700);
  });

  test('an entry with 15 minutes or less left is not served', async () => {
    const { box } = loggedIn();
    emu.inject('GetRoleCredentials', { kind: 'json', body: roleCredentials(14) }, 1);
    expect((await box.run(cmd, ['--profile', 'dev'])).code).toBe(0);
    const second = await box.run(cmd, ['--profile', 'dev']);
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout).AccessKeyId).not.toBe('ASIAFIXEDFIXEDFIXED1');
    expect(emu.count('GetRoleCredentials')).toBe(2);
  });

  test('after the session token file is removed (logout), the entry is not served: login needed', async () => {
    const { box, entry } = loggedIn();
    expect((await box.run(cmd, ['--profile', 'dev'])).code).toBe(0);
    rmSync(box.tokenPath());
    const r = await box.run(cmd, ['--profile', 'dev']);
    expect([r.code, r.stdout]).toEqual([3, '']);
    expect(statSync(entry).isFile()).toBe(true);
    expect(emu.count('GetRoleCredentials')).toBe(1);
  });

  test('--no-cache neither reads nor writes the cache', async () => {
    const { box, entry } = loggedIn();
    expect((await box.run(cmd, ['--profile', 'dev', '--no-cache'])).code).toBe(0);
    expect(statSync(entry, { throwIfNoEntry: false })).toBeUndefined();
    expect((await box.run(cmd, ['--profile', 'dev'])).code).toBe(0);
    expect((await box.run(cmd, ['--profile', 'dev', '--no-cache'])).code).toBe(0);
    expect(emu.count('GetRoleCredentials')).toBe(3);
  });

  test('a corrupt entry is treated as absent and replaced', async () => {
    const { box, entry } = loggedIn();
    expect((await box.run(cmd, ['--profile', 'dev'])).code).toBe(0);
    const { writeFileSync } = await import('node:fs');
    writeFileSync(entry, '{"ProviderType": "sso", "Credentials": {"AccessKeyId": ');
    const r = await box.run(cmd, ['--profile', 'dev']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(readFileSync(entry, 'utf8')).Credentials.AccessKeyId).toBe(JSON.parse(r.stdout).AccessKeyId);
  });
});

describe('shared with the AWS CLI (botocore with the CLI\'s JSONFileCache)', () => {
  const consumer = join(ROOT, 'test', 'e2e', 'botocore_cli_cache.py');
  const [, cmd] = ARTIFACTS[0]!;

  test('for the same credentials, our entry is byte-identical to the one the CLI writes, at the same key', async () => {
    const { box, entry } = loggedIn();
    emu.inject('GetRoleCredentials', { kind: 'json', body: roleCredentials(60) }, 1);
    expect((await box.run(cmd, ['--profile', 'dev'])).code).toBe(0);
    const ours = readFileSync(entry, 'utf8');
    rmSync(entry);

    emu.inject('GetRoleCredentials', { kind: 'json', body: roleCredentials(60) }, 1);
    const cli = await runProcess([pythonExecutable(), consumer], ['dev'], box.env());
    expect([cli.code, cli.stderr]).toEqual([0, '']);
    const theirs = readFileSync(entry, 'utf8'); // same path: the key derivation agrees
    const expiry = /"Expiration": "[^"]+"/;
    expect(ours.replace(expiry, '')).toBe(theirs.replace(expiry, ''));
    expect(ours).toMatch(/^\{"ProviderType": "sso", "Credentials": \{"AccessKeyId": "ASIAFIXEDFIXEDFIXED1", .*"Expiration": "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", "AccountId": "111122223333"\}\}$/);
  });

  test('the CLI serves our entry without calling the service', async () => {
    const { box } = loggedIn();
    const ours = await box.run(cmd, ['--profile', 'dev']);
    const cli = await runProcess([pythonExecutable(), consumer], ['dev'], box.env());
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout).access_key).toBe(JSON.parse(ours.stdout).AccessKeyId);
    expect(emu.count('GetRoleCredentials')).toBe(1);
  });
});
