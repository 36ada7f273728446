// keyrack-cp write-credentials, both artifacts against the emulator: the section botocore then reads, the file's
// mode and other bytes, the refusals, and --keep-fresh rewriting until SIGTERM.

import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { startEmulator, tokenCacheJson } from '../emulator/index.ts';
import { pythonExecutable } from '../helpers/python.ts';
import { ARTIFACTS, leakedSecrets, ROOT, runProcess, Sandbox, START_URL } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';

const emu = useE2eEmulator();

function loggedIn(box = new Sandbox(emu.url)) {
  const seed = emu.seedLogin({ startUrl: START_URL, region: 'us-east-1' });
  box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
  return { box, secrets: [seed.accessToken, seed.refreshToken, seed.clientSecret] };
}

const credentialsPath = (box: Sandbox) => join(box.home, '.aws', 'credentials');

async function botocoreCredentials(box: Sandbox, profile: string) {
  const r = await runProcess([pythonExecutable(), join(ROOT, 'test', 'e2e', 'botocore_consumer.py')], ['credentials', profile], box.env());
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as { access_key: string; secret_key: string; token: string };
}

describe.each(ARTIFACTS)('%s', (_name, cmd) => {
  test('botocore reads [dev-legacy-sso] as the credentials keyrack-cp prints; a new file is 0600 in a 0700 directory', async () => {
    const box = new Sandbox(emu.url);
    const { secrets } = loggedIn(box);
    // A fresh HOME whose ~/.aws holds only the config: the credentials file does not exist yet.
    const printed = JSON.parse((await box.run(cmd, ['--profile', 'dev'])).stdout);
    const r = await box.run(cmd, ['write-credentials', '--profile', 'dev']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      `Added [dev-legacy-sso] in ${credentialsPath(box)}: credentials of profile 'dev' (account 111122223333, role ReadOnly), expire ${printed.Expiration}.\n`,
    );
    expect(statSync(credentialsPath(box)).mode & 0o777).toBe(0o600);
    const seen = await botocoreCredentials(box, 'dev-legacy-sso');
    expect(seen).toEqual({ access_key: printed.AccessKeyId, secret_key: printed.SecretAccessKey, token: printed.SessionToken });
    expect(readFileSync(credentialsPath(box), 'utf8')).toContain(`x_security_token_expires = ${printed.Expiration}\n`);
    expect(leakedSecrets(r.stdout + r.stderr, [...secrets, printed.SecretAccessKey, printed.SessionToken])).toEqual([]);
    expect(readdirSync(join(box.home, '.aws')).filter((f) => f.includes('.lock') || f.endsWith('.tmp'))).toEqual([]);
  });

  test('a new ~/.aws is made 0700', async () => {
    const box = new Sandbox(emu.url);
    loggedIn(box);
    const dir = join(box.home, 'elsewhere', 'aws');
    const r = await box.run(cmd, ['write-credentials', '-p', 'dev', '-o', 'old'], { AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') });
    expect(r.code).toBe(0);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'credentials')).mode & 0o777).toBe(0o600);
    rmSync(dir, { recursive: true }); // the audit knows secrets only in ~/.aws/credentials
  });

  test('an existing file keeps every other byte: comments, CRLF, other sections, no final newline', async () => {
    const { box } = loggedIn();
    const before = '# mine\r\n[default]\r\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\r\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG\r\n\r\n[dev-legacy-sso]\r\n; refreshed by keyrack-cp\r\naws_access_key_id = ASIAOLD\r\naws_session_token = old\r\nregion = eu-west-1';
    writeFileSync(credentialsPath(box), before, { mode: 0o600 });
    const r = await box.run(cmd, ['write-credentials', '-p', 'dev']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Updated \[dev-legacy-sso\]/);
    const after = readFileSync(credentialsPath(box), 'utf8');
    const creds = await botocoreCredentials(box, 'dev-legacy-sso');
    expect(after).toBe(
      '# mine\r\n[default]\r\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\r\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG\r\n\r\n[dev-legacy-sso]\r\n; refreshed by keyrack-cp\r\n' +
        `aws_access_key_id = ${creds.access_key}\r\naws_session_token = ${creds.token}\r\nregion = eu-west-1\r\naws_secret_access_key = ${creds.secret_key}\r\n` +
        'aws_account_id = 111122223333\r\nx_security_token_expires = ' + /x_security_token_expires = (\S+)/.exec(after)![1],
    );
    expect((await botocoreCredentials(box, 'default')).access_key).toBe('AKIAIOSFODNN7EXAMPLE');
  });

  test('a symlinked credentials file is edited where it points, the link kept', async () => {
    const { box } = loggedIn();
    const real = join(box.home, 'dotfiles', 'aws-credentials');
    mkdirSync(join(box.home, 'dotfiles'));
    writeFileSync(real, '[a]\nregion = x\n');
    symlinkSync(real, credentialsPath(box));
    const r = await box.run(cmd, ['write-credentials', '-p', 'dev']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`in ${real}:`);
    expect(readFileSync(real, 'utf8')).toMatch(/^\[a\]\nregion = x\n\n\[dev-legacy-sso\]\n/);
    expect(lstatSync(credentialsPath(box)).isSymbolicLink()).toBe(true);
    rmSync(real); // the audit knows secrets only in ~/.aws/credentials
  });

  test.each([
    ['long-term keys in the section', '[dev-legacy-sso]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG\n', [], 2,
      /\[dev-legacy-sso\]: holds long-term access keys \(aws_access_key_id with no aws_session_token\)\. Keep them by writing elsewhere \(--output-profile NAME\), or replace them with --force\.\n$/],
    ['an SSO profile as the output', '', ['-o', 'dev'], 2, /^keyrack-cp: output profile 'dev': is an SSO profile \(it has sso_session, sso_account_id, sso_role_name\)\. Name another section with --output-profile \(the default is dev-legacy-sso\)\.\n$/],
    ['[DEFAULT] as the output', '', ['-o', 'DEFAULT'], 2, /output profile 'DEFAULT': is the \[DEFAULT\] section/],
    ['a file the AWS CLI would refuse', '[a]\nkey without delimiter\n', [], 2, /credentials line 2: a key line with no '=' or ':'/],
  ])('refused: %s; the file untouched', async (_rule, content, args, code, message) => {
    const { box } = loggedIn();
    if (content) writeFileSync(credentialsPath(box), content, { mode: 0o600 });
    const r = await box.run(cmd, ['write-credentials', '-p', 'dev', ...(args as string[])]);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message as RegExp);
    expect(content ? readFileSync(credentialsPath(box), 'utf8') : existsSync(credentialsPath(box))).toBe(content || false);
  });

  test('--force replaces long-term keys', async () => {
    const { box } = loggedIn();
    writeFileSync(credentialsPath(box), '[dev-legacy-sso]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG\n', { mode: 0o600 });
    const r = await box.run(cmd, ['write-credentials', '-p', 'dev', '--force']);
    expect(r.code).toBe(0);
    expect((await botocoreCredentials(box, 'dev-legacy-sso')).access_key).toMatch(/^ASIA/);
  });

  test('a credentials path that cannot be a file (its parent is a file): exit 1 naming it', async () => {
    const { box } = loggedIn();
    const parent = join(box.home, 'not-a-dir');
    writeFileSync(parent, 'x');
    const r = await box.run(cmd, ['write-credentials', '-p', 'dev'], { AWS_SHARED_CREDENTIALS_FILE: join(parent, 'credentials') });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(parent);
    expect(readFileSync(parent, 'utf8')).toBe('x');
  });

  test('a directory where the credentials file should be: exit 2', async () => {
    const { box } = loggedIn();
    mkdirSync(credentialsPath(box));
    const r = await box.run(cmd, ['write-credentials', '-p', 'dev']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/credentials: is a directory, not a file/);
  });

  test('--keep-fresh rewrites before each expiry and stops cleanly on SIGTERM', async () => {
    // Role credentials that live 15 minutes and 3 seconds: each enters the rewrite window 3 s after it is issued.
    const short = await startEmulator({ roleCredentialTtlSeconds: 15 * 60 + 3 });
    try {
      const box = new Sandbox(short.url);
      const seed = short.seedLogin({ startUrl: START_URL, region: 'us-east-1' });
      box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
      const { pid, done } = box.start(cmd, ['write-credentials', '-p', 'dev', '--keep-fresh']);
      const keys = new Set<string>();
      const deadline = Date.now() + 20_000;
      while (keys.size < 3 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        const m = existsSync(credentialsPath(box)) && /aws_access_key_id = (\S+)/.exec(readFileSync(credentialsPath(box), 'utf8'));
        if (m) keys.add(m[1]!);
      }
      expect(keys.size).toBe(3);
      process.kill(pid, 'SIGTERM');
      const r = await done;
      expect(r.code).toBe(0);
      expect(r.signal).toBe(null);
      expect(r.stderr).toBe('');
      const lines = r.stdout.trim().split('\n');
      expect(lines.filter((l) => /^(Added|Updated) \[dev-legacy-sso\]/.test(l)).length).toBeGreaterThanOrEqual(3);
      expect(lines.filter((l) => /^Next rewrite at \S+Z \(15 minutes before they expire\)\.$/.test(l)).length).toBeGreaterThanOrEqual(3);
      expect(lines.at(-1)).toBe('Stopped (SIGTERM); [dev-legacy-sso] keeps the credentials last written.');
      const last = await botocoreCredentials(box, 'dev-legacy-sso');
      expect(short.issued.roleCredentials.at(-1)!.accessKeyId).toBe(last.access_key);
      expect(readdirSync(join(box.home, '.aws')).filter((f) => f.includes('.lock') || f.endsWith('.tmp'))).toEqual([]);
    } finally {
      await short.close();
    }
  });

  test('--keep-fresh: SIGINT while waiting ends it at once with exit 0', async () => {
    const { box } = loggedIn();
    const { pid, done } = box.start(cmd, ['write-credentials', '-p', 'dev', '--keep-fresh']);
    const deadline = Date.now() + 10_000;
    while (!existsSync(credentialsPath(box)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 300));
    process.kill(pid, 'SIGINT');
    const r = await done;
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(10_000);
    expect(r.stdout).toMatch(/Stopped \(SIGINT\)/);
  });
});
