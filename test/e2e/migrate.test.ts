// keyrack-cp migrate, both artifacts: botocore resolves every migrated profile to the account and role it had
// before (real GetRoleCredentials calls against the emulator), --dry-run changes nothing, a backup is kept, and a
// second run changes nothing.

import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tokenCacheJson } from '../emulator/index.ts';
import { pythonExecutable } from '../helpers/python.ts';
import { ARTIFACTS, ROOT, runProcess, Sandbox, START_URL } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';

const emu = useE2eEmulator();

const LEGACY = `# work accounts
[default]
sso_start_url = ${START_URL}
sso_region = us-east-1
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = eu-west-1

[profile ops.admin]
sso_start_url=${START_URL}
sso_account_id=111122223333
sso_role_name=Admin
sso_region=us-east-1

[profile dev]
; the dev account
sso_start_url = ${START_URL}
sso_region = us-east-1
sso_account_id = 444455556666
sso_role_name = Dev
output = json

[profile odd]
sso_start_url = ${START_URL}
sso_account_id = 444455556666
sso_role_name = Dev
region = us-west-2`;
const PROFILES = ['default', 'ops.admin', 'dev'];

/** The account and role botocore's credential chain asked the SSO service for, found through the key it got. */
async function resolvedBy(box: Sandbox, profile: string): Promise<string> {
  const r = await runProcess([pythonExecutable(), join(ROOT, 'test', 'e2e', 'botocore_consumer.py')], ['credentials', profile], box.env());
  expect(r.stderr).toBe('');
  const { access_key } = JSON.parse(r.stdout);
  const issued = emu.issued.roleCredentials.find((c) => c.accessKeyId === access_key)!;
  return `${issued.accountId}/${issued.roleName}`;
}

describe.each(ARTIFACTS)('%s', (_name, cmd) => {
  test('botocore resolves each migrated profile to the account and role it had before', async () => {
    emu.reset();
    emu.assign('444455556666', 'Dev');
    const box = new Sandbox(emu.url, LEGACY);
    // Legacy profiles read the token cached under sha1(start URL), sso-session ones under sha1(session name).
    const seed = emu.seedLogin({ startUrl: START_URL, region: 'us-east-1' });
    box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }), START_URL);
    box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }), 'd-abc');
    const before = await Promise.all(PROFILES.map((p) => resolvedBy(box, p)));
    expect(before).toEqual(['111122223333/ReadOnly', '111122223333/Admin', '444455556666/Dev']);

    const dry = await box.run(cmd, ['migrate', '--dry-run']);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`--- ${box.configPath}\n+++ ${box.configPath}\n@@ -1,21 +1,18 @@\n # work accounts\n [default]\n-sso_start_url = ${START_URL}\n-sso_region = us-east-1\n+sso_session = d-abc\n`);
    expect(dry.stdout).toMatch(/Dry run: \S+ was not changed\. Would migrate 3 profiles:\n  \[sso-session d-abc\] https:\/\/d-abc\.awsapps\.com\/start us-east-1: default, ops\.admin, dev\n/);
    expect(readFileSync(box.configPath, 'utf8')).toBe(LEGACY);

    const r = await box.run(cmd, ['migrate']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const backups = readdirSync(join(box.home, '.aws')).filter((f) => /^config\.keyrack-cp-backup-\d{8}T\d{6}Z$/.test(f));
    expect(backups).toHaveLength(1);
    expect(readFileSync(join(box.home, '.aws', backups[0]!), 'utf8')).toBe(LEGACY);
    expect(statSync(join(box.home, '.aws', backups[0]!)).mode & 0o777).toBe(0o600);
    expect(r.stdout).toMatch(/^Migrated 3 profiles in \S+ \(backup: \S+\):\n/);
    expect(r.stdout).toMatch(/Left as they are:\n  profile 'odd': sso_region is missing\n/);
    expect(r.stdout).toMatch(/Then log in \(once per session\):\n  (aws sso|keyrack-cp) login --sso-session d-abc\n$/);

    const after = await Promise.all(PROFILES.map((p) => resolvedBy(box, p)));
    expect(after).toEqual(before);
    const served = await box.run(cmd, ['--profile', 'ops.admin']);
    expect(served.code).toBe(0);
    expect(JSON.parse(served.stdout).AccountId).toBe('111122223333');

    const migrated = readFileSync(box.configPath, 'utf8');
    const again = await box.run(cmd, ['migrate']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^No legacy SSO profile to migrate in /);
    expect(readFileSync(box.configPath, 'utf8')).toBe(migrated);
    expect(readdirSync(join(box.home, '.aws')).filter((f) => f.includes('backup'))).toHaveLength(1);
  });

  test('--config names the file; a missing file is exit 2', async () => {
    const box = new Sandbox(emu.url);
    const other = join(box.home, 'other-config');
    writeFileSync(other, '[profile x]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\n');
    const r = await box.run(cmd, ['migrate', '--config', other, '--session-name', 'work']);
    expect(r.code).toBe(0);
    expect(readFileSync(other, 'utf8')).toBe('[profile x]\nsso_session = work\n\n[sso-session work]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\nsso_registration_scopes = sso:account:access\n');
    const missing = await box.run(cmd, ['migrate', '--config', join(box.home, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope: does not exist\. Point --config/);
    const help = await box.run(cmd, ['migrate', '--help']);
    expect(help.stdout).toMatch(/^Usage: keyrack-cp migrate /);
  });
});
