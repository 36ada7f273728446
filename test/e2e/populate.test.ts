// keyrack-cp populate, both artifacts, against the emulator: the profiles it writes are resolved by botocore and the
// AWS CLI v2 to their account and role; `aws configure set` (CLI v1 and v2) on them does not hide them from the next
// run; --dry-run and a failure half-way write nothing; a large organisation (500 accounts × 3 roles) behind a throttled
// portal finishes in bounded time with every profile written once.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { tokenCacheJson } from '../emulator/index.ts';
import { awsCliV1, awsCliV2, awsDataPathFor } from '../helpers/awsCli.ts';
import { pythonExecutable } from '../helpers/python.ts';
import { ARTIFACTS, ROOT, runProcess, Sandbox, START_URL, type RunResult } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';

const emu = useE2eEmulator();
let dataPath: string;
beforeAll(() => {
  dataPath = awsDataPathFor(emu.url);
});

const SESSION = `[sso-session acme]\r\nsso_start_url = ${START_URL}\r\nsso_region = us-east-1\r\nsso_registration_scopes = sso:account:access\r\n`;
/** CRLF, comments, a legacy profile, a hand-written one and one that runs keyrack-cp, around what populate writes. */
const AROUND = `# my AWS config\r\n[default]\r\nregion = eu-west-1\r\n\r\n${SESSION}\r\n; by hand\r\n[profile mine]\r\nsso_session = acme\r\nsso_account_id = 111122223333\r\nsso_role_name = ReadOnly\r\n\r\n[profile legacy]\r\nsso_start_url = ${START_URL}\r\nsso_region = us-east-1\r\nsso_account_id = 444455556666\r\nsso_role_name = Dev\r\n\r\n[profile app]\r\ncredential_process = keyrack-cp --profile mine\r\n`;

/** The emulator's default account (ReadOnly, Admin) and a sandbox account, a user signed in, the config written. */
function signedIn(config = AROUND): Sandbox {
  emu.assign('444455556666', 'Dev', { accountName: 'Dev Sandbox' });
  emu.assign('444455556666', 'Admin');
  const box = new Sandbox(emu.url, config);
  const seed = emu.seedLogin({ startUrl: START_URL });
  box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
  return box;
}

function succeeded(r: RunResult): string {
  expect(r.code, `exit ${String(r.code)}; stderr:\n${r.stderr}`).toBe(0);
  return r.stdout;
}

/** The account and role a consumer's credentials were issued for, found through the access key it got. */
function issuedFor(accessKeyId: string): string {
  const issued = emu.issued.roleCredentials.find((c) => c.accessKeyId === accessKeyId);
  return issued ? `${issued.accountId}/${issued.roleName}` : `(not issued: ${accessKeyId})`;
}

const profilesIn = (text: string) => [...text.matchAll(/^\[profile ([^\]]+)\]\r?$/gm)].map((m) => m[1]!);

describe.each(ARTIFACTS)('%s', (_name, cmd) => {
  test('botocore and the AWS CLI v2 resolve every populated profile to its account and role; the rest is untouched', async () => {
    const box = signedIn();
    const dry = await box.run(cmd, ['populate', '--dry-run']);
    expect(succeeded(dry)).toMatch(/^--- \S+config\n\+\+\+ \S+config\n@@ /);
    expect(dry.stdout).toMatch(/\nDry run: \S+ was not changed\. For sso-session 'acme' populate would make it: 3 added, 0 updated, 0 unchanged\.\n/);
    expect(readFileSync(box.configPath, 'utf8')).toBe(AROUND);

    const r = await box.run(cmd, ['populate']);
    expect(succeeded(r)).toMatch(/^Populated sso-session 'acme' in \S+: 3 added, 0 updated, 0 unchanged\.\n  added: Dev-Sandbox\.Admin, Dev-Sandbox\.Dev, emulator-111122223333\.Admin\n/);
    expect(r.stdout).toContain('Served by profiles of yours (none added for them): mine (111122223333 ReadOnly)');
    expect(r.stderr).toBe('');
    const after = readFileSync(box.configPath, 'utf8');
    expect(after.startsWith(AROUND)).toBe(true); // every byte kept; the new profiles follow, in CRLF
    const added: [string, string, string][] = [['Dev-Sandbox.Admin', '444455556666', 'Admin'], ['Dev-Sandbox.Dev', '444455556666', 'Dev'], ['emulator-111122223333.Admin', '111122223333', 'Admin']];
    expect(after.slice(AROUND.length)).toBe(
      added.map(([name, id, role]) => `\r\n[profile ${name}]\r\nsso_session = acme\r\nsso_account_id = ${id}\r\nsso_role_name = ${role}\r\nkeyrack_cp_populate = acme\r\n`).join(''),
    );

    // keyrack-cp first, so the ~/.aws/cli/cache it shares with the CLI is its own (0700), as after any real use.
    const served = JSON.parse(succeeded(await box.run(cmd, ['--profile', 'Dev-Sandbox.Dev'])));
    expect(issuedFor(served.AccessKeyId)).toBe('444455556666/Dev');
    for (const [profile, id, role] of added) {
      const assignment = `${id}/${role}`;
      const boto = await runProcess([pythonExecutable(), join(ROOT, 'test', 'e2e', 'botocore_consumer.py')], ['credentials', profile], box.env());
      expect(issuedFor(JSON.parse(succeeded(boto)).access_key), `botocore, ${profile}`).toBe(assignment);
      const cli = await box.run([awsCliV2().path], ['configure', 'export-credentials', '--profile', profile], { AWS_DATA_PATH: dataPath, AWS_PAGER: '' });
      expect(issuedFor(JSON.parse(succeeded(cli)).AccessKeyId), `AWS CLI v2, ${profile}`).toBe(assignment);
    }
  });

  test('after `aws configure set` by the CLI v1 and v2, a second run updates in place, keeps their keys, writes no duplicate', async () => {
    const box = signedIn();
    succeeded(await box.run(cmd, ['populate']));
    const v1 = await box.run([awsCliV1().path], ['configure', 'set', 'output', 'json', '--profile', 'Dev-Sandbox.Dev']);
    const v2 = await box.run([awsCliV2().path], ['configure', 'set', 'region', 'us-west-2', '--profile', 'emulator-111122223333.Admin'], { AWS_PAGER: '' });
    expect([v1.code, v2.code, v1.stderr, v2.stderr]).toEqual([0, 0, '', '']);
    const edited = readFileSync(box.configPath, 'utf8');
    expect(edited).toMatch(/\[profile Dev-Sandbox\.Dev\]\r?\n(?:.*\n)*?output = json/);

    const again = await box.run(cmd, ['populate', '--region', 'eu-central-1']);
    expect(succeeded(again)).toMatch(/^Populated sso-session 'acme' in \S+: 0 added, 3 updated, 0 unchanged\.\n/);
    const text = readFileSync(box.configPath, 'utf8');
    expect(profilesIn(text)).toEqual(['mine', 'legacy', 'app', 'Dev-Sandbox.Admin', 'Dev-Sandbox.Dev', 'emulator-111122223333.Admin']);
    const section = (name: string) => text.split(`[profile ${name}]`)[1]!.split('[')[0]!;
    expect(section('Dev-Sandbox.Dev')).toMatch(/output = json/);
    expect(section('emulator-111122223333.Admin')).toMatch(/region = eu-central-1/);
    expect(section('emulator-111122223333.Admin')).not.toMatch(/us-west-2/);
    // And the CLI still reads the file after our edit of its edit.
    const cli = await box.run([awsCliV2().path], ['configure', 'get', 'region', '--profile', 'Dev-Sandbox.Dev'], { AWS_PAGER: '' });
    expect(succeeded(cli).trim()).toBe('eu-central-1');
    const v1Get = await box.run([awsCliV1().path], ['configure', 'get', 'output', '--profile', 'Dev-Sandbox.Dev']);
    expect(succeeded(v1Get).trim()).toBe('json');
  });

  test('--prune removes only its own profiles whose account or role is gone', async () => {
    const box = signedIn();
    succeeded(await box.run(cmd, ['populate']));
    // The user loses 444455556666 Admin: a new emulator state with only the other assignments, the same token file.
    emu.reset();
    emu.assign('444455556666', 'Dev', { accountName: 'Dev Sandbox' });
    const seed = emu.seedLogin({ startUrl: START_URL });
    box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));

    const kept = await box.run(cmd, ['populate']);
    expect(succeeded(kept)).toContain("No longer in the access portal (keyrack-cp populate --prune removes them):\n  profile 'Dev-Sandbox.Admin' (account 444455556666, role Admin)\n");
    expect(profilesIn(readFileSync(box.configPath, 'utf8'))).toContain('Dev-Sandbox.Admin');
    const pruned = await box.run(cmd, ['populate', '--prune']);
    expect(succeeded(pruned)).toMatch(/: 0 added, 0 updated, 2 unchanged, 1 removed\.\n {2}removed: Dev-Sandbox\.Admin\n/);
    expect(profilesIn(readFileSync(box.configPath, 'utf8'))).toEqual(['mine', 'legacy', 'app', 'Dev-Sandbox.Dev', 'emulator-111122223333.Admin']);
  });

  test('a failure half-way through the listing writes nothing (exit 1); a refused token is exit 3; bad options exit 2 at once', async () => {
    const box = signedIn();
    for (let i = 0; i < 10; i++) emu.assign(String(500000000000 + i), 'ReadOnly');
    // The first two ListAccountRoles calls answer, every later one is a 500 (the SDK retries it, then gives up).
    emu.inject('ListAccountRoles', { kind: 'delay', ms: 0 }, 2);
    emu.inject('ListAccountRoles', { kind: 'error', status: 500, errorType: 'InternalServerException' });
    const r = await box.run(cmd, ['populate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^keyrack-cp: sso-session 'acme': ListAccountRoles for account \d{12} failed \(InternalServerException \(HTTP 500\), still after retries\); nothing was written\. Try again later/);
    expect(readFileSync(box.configPath, 'utf8')).toBe(AROUND);

    emu.clearFaults();
    emu.reset(); // the token in the file is no longer the service's
    const refused = await box.run(cmd, ['populate']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/no longer accepts the session's token .*Run: keyrack-cp login --sso-session acme\n$/);
    expect(readFileSync(box.configPath, 'utf8')).toBe(AROUND);

    const calls = emu.calls.length;
    for (const [args, message] of [
      [['--template', '{account_name}'], /--template '\{account_name\}' does not name both the account and the role/],
      [['--region', 'EU West'], /--region 'EU West' is not an AWS region name/],
      [['--sso-session', 'nope'], /sso-session 'nope': is not defined in/],
      [['extra'], /keyrack-cp populate takes no argument 'extra'/],
    ] as const) {
      const bad = await box.run(cmd, ['populate', ...args]);
      expect([bad.code, bad.stderr]).toEqual([2, expect.stringMatching(message)]);
    }
    expect(emu.calls.length).toBe(calls);
    writeFileSync(box.configPath, `[DEFAULT]\ncredential_process = x\n\n${SESSION}`);
    const mixing = await box.run(cmd, ['populate']);
    expect([mixing.code, mixing.stderr]).toEqual([2, expect.stringMatching(/\[DEFAULT\] sets credential_process, which every profile inherits/)]);
    expect(emu.calls.length).toBe(calls);
  });
});

describe('a large organisation: 500 accounts × 3 roles, the portal throttling', () => {
  test.each(ARTIFACTS)('%s: every profile written once, in bounded time, throttled pages retried', async (_name, cmd) => {
    const box = signedIn(SESSION);
    for (let i = 0; i < 500; i++) {
      for (const role of ['ReadOnly', 'PowerUser', 'Admin']) emu.assign(String(300000000000 + i), role, { accountName: `team-${String(i).padStart(3, '0')}` });
    }
    // Real throttling: calls beyond 200 a second are 429; and the first account page is refused three times, which
    // outlasts the SDK's own retries, so populate's pause and retry has to carry it.
    emu.throttle('ListAccountRoles', { perSecond: 200, burst: 20 });
    emu.inject('ListAccounts', { kind: 'error', status: 429, errorType: 'TooManyRequestsException' }, 3);
    const started = Date.now();
    const r = await box.run(cmd, ['populate', '--debug']);
    const ms = Date.now() - started;
    expect(succeeded(r)).toMatch(/^Populated sso-session 'acme' in \S+: 1504 added, 0 updated, 0 unchanged\.\n/);
    const names = profilesIn(readFileSync(box.configPath, 'utf8'));
    expect(names).toHaveLength(1504); // 500 × 3, and the emulator's default account and the sandbox, 2 each
    expect(new Set(names).size).toBe(1504);
    expect(names).toContain('team-042.PowerUser');
    const statuses = (op: string) => emu.calls.filter((c) => c.operation === op).map((c) => c.status);
    expect(statuses('ListAccounts')).toEqual([429, 429, 429, 200, 200, 200, 200, 200, 200]);
    expect(statuses('ListAccountRoles').filter((s) => s === 200)).toHaveLength(502);
    expect(r.stderr).toMatch(/ListAccounts: throttled \(try 1 of 5\)/);
    process.stderr.write(`populate 500×3 (${_name}): ${ms} ms, ListAccountRoles 429s: ${statuses('ListAccountRoles').filter((s) => s === 429).length}\n`);
    expect(ms).toBeLessThan(60_000);
  }, 120_000);
});
