// The built artifacts, spawned as an SDK would spawn them, against the SSO emulator on 127.0.0.1.

import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tokenCacheJson } from '../emulator/index.ts';
import { ARTIFACTS, CONFIG, leakedSecrets, Sandbox, START_URL } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';

const emu = useE2eEmulator();

/** A logged-in sandbox whose token has `minutesLeft` to live; returns the secrets a leak check must look for. */
function loggedIn(minutesLeft = 60, config = CONFIG) {
  const seed = emu.seedLogin({ startUrl: START_URL, region: 'us-east-1', accessTokenTtlSeconds: minutesLeft * 60 });
  const box = new Sandbox(emu.url, config);
  box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
  return { box, seed, secrets: [seed.accessToken, seed.refreshToken, seed.clientSecret] };
}

describe.each(ARTIFACTS)('%s', (_name, cmd) => {
  test('prints the credential_process document and nothing else', async () => {
    const { box, secrets } = loggedIn();
    const r = await box.run(cmd, ['--profile', 'dev']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc)).toEqual(['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration', 'AccountId']);
    expect(doc.Version).toBe(1);
    expect(doc.AccessKeyId).toMatch(/^ASIA/);
    expect(doc.Expiration).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(new Date(doc.Expiration).getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
    expect(doc.AccountId).toBe('111122223333');
    expect(r.stdout.endsWith('}\n')).toBe(true);
    expect(emu.count('GetRoleCredentials')).toBe(1);
    expect(emu.count('CreateToken')).toBe(0);
    expect(leakedSecrets(r.stderr, secrets)).toEqual([]);
  });

  test('AWS_PROFILE picks the profile when --profile is absent', async () => {
    const { box } = loggedIn();
    const r = await box.run(cmd, [], { AWS_PROFILE: 'dev' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).AccountId).toBe('111122223333');
  });

  test('--debug shows the decisions and no secret', async () => {
    const { box, secrets } = loggedIn();
    const r = await box.run(cmd, ['--profile', 'dev', '--debug']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/debug: profile 'dev': sso-session 'acme'/);
    expect(r.stderr).toMatch(/token valid for \d+m\d\ds → use/);
    expect(r.stderr).toMatch(/GetRoleCredentials account 111122223333 role ReadOnly/);
    const doc = JSON.parse(r.stdout);
    expect(leakedSecrets(r.stderr, [...secrets, doc.SecretAccessKey, doc.SessionToken])).toEqual([]);
  });

  test('--help and --version', async () => {
    const box = new Sandbox(emu.url);
    const help = await box.run(cmd, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^keyrack-cp: AWS credential_process helper/);
    const version = await box.run(cmd, ['--version']);
    expect(version.stdout).toMatch(/^keyrack-cp \d+\.\d+\.\d+\n$/);
  });

  test('near expiry: exactly one refresh, rotated refresh token persisted, 0600, other fields kept', async () => {
    const { box, seed, secrets } = loggedIn(10);
    const before = box.readToken();
    const r = await box.run(cmd, ['--profile', 'dev']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(emu.count('CreateToken', { grantType: 'refresh_token' })).toBe(1);
    const after = box.readToken();
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(after.accessToken).not.toBe(seed.accessToken);
    expect(after.refreshToken).not.toBe(seed.refreshToken);
    expect(after.clientSecret).toBe(seed.clientSecret);
    expect(after.expiresAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(statSync(box.tokenPath()).mode & 0o777).toBe(0o600);
    expect(readdirSync(dirname(box.tokenPath())).filter((f) => !f.endsWith('.json'))).toEqual([]);
    expect(leakedSecrets(r.stderr, [...secrets, after.accessToken as string, after.refreshToken as string])).toEqual([]);

    // The next run uses the refreshed token as it is.
    const again = await box.run(cmd, ['--profile', 'dev']);
    expect(again.code).toBe(0);
    expect(emu.count('CreateToken')).toBe(1);
  });

  test('16 processes on an expired token and an empty cache: all succeed, one refresh, one GetRoleCredentials', async () => {
    const { box } = loggedIn(-5);
    const results = await Promise.all(Array.from({ length: 16 }, () => box.run(cmd, ['--profile', 'dev'])));
    expect(results.map((r) => r.code)).toEqual(Array(16).fill(0));
    expect(new Set(results.map((r) => JSON.parse(r.stdout).AccessKeyId)).size).toBe(1);
    expect(emu.count('CreateToken', { grantType: 'refresh_token' })).toBe(1);
    expect(emu.count('GetRoleCredentials')).toBe(1);
  });

  test('16 processes on an expired token with --no-cache: one refresh, each fetches its own credentials', async () => {
    const { box } = loggedIn(-5);
    const results = await Promise.all(Array.from({ length: 16 }, () => box.run(cmd, ['--profile', 'dev', '--no-cache'])));
    expect(results.map((r) => r.code)).toEqual(Array(16).fill(0));
    expect(emu.count('CreateToken', { grantType: 'refresh_token' })).toBe(1);
    expect(emu.count('GetRoleCredentials')).toBe(16);
  });

  test('a lock left by a SIGKILLed process is taken over within 10 s', async () => {
    const { box } = loggedIn(-5);
    emu.inject('CreateToken', { kind: 'delay', ms: 60_000 }, 1);
    const lockDir = `${box.tokenPath()}.lock`;
    const first = box.start(cmd, ['--profile', 'dev']);
    // Wait until the first process holds the lock, give it time to send its (delayed) refresh, then kill it.
    for (let i = 0; i < 400 && !existsSync(lockDir); i++) await new Promise((r) => setTimeout(r, 25));
    expect(existsSync(lockDir)).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    process.kill(first.pid, 'SIGKILL');
    expect((await first.done).signal).toBe('SIGKILL');
    expect(existsSync(lockDir)).toBe(true); // left behind

    const second = await box.run(cmd, ['--profile', 'dev', '--debug']);
    expect(second.code).toBe(0);
    expect(second.ms).toBeLessThan(10_000);
    // Its pid is gone, so there is nothing to wait for: taken over at once, not after the heartbeat's 5 s.
    expect(second.stderr).toMatch(/took over .*\.lock: its holder, pid \d+ on this machine, has exited/);
    // The killed process's request was dropped unanswered (499): its one-use refresh token was not spent.
    const refreshes = emu.calls.filter((c) => c.operation === 'CreateToken' && c.grantType === 'refresh_token');
    expect(refreshes.map((c) => c.status).sort()).toEqual([200, 499]);
  });

  describe('errors: one paragraph on stderr, nothing on stdout, the documented exit code', () => {
    test.each<[string, string | null, string[], number, RegExp]>([
      ['legacy profile → exit 2, no network call', '[profile old]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = Admin\n', ['--profile', 'old'], 2, /^keyrack-cp: profile 'old': uses the legacy SSO configuration[\s\S]*\[sso-session acme\]\n  sso_start_url = https:\/\/acme\.awsapps\.com\/start[\s\S]*then run: keyrack-cp login --sso-session acme \(or aws sso login --sso-session acme\)\. keyrack-cp migrate makes this edit for every legacy profile \(--dry-run shows it first\)\.\n$/],
      ['unknown profile → exit 2', null, ['--profile', 'nope'], 2, /^keyrack-cp: profile 'nope': is not defined in .*\/\.aws\/config\. Use --profile with an sso-session profile: dev\.\n$/],
      ['config the CLI refuses → exit 2 naming file and line', '[profile dev]\nsso_session = acme\nthis line has no delimiter\n', ['--profile', 'dev'], 2, /\.aws\/config line 3/],
      ['unknown option → exit 2', null, ['--frobnicate'], 2, /^keyrack-cp: usage: Unknown option '--frobnicate'\. Run keyrack-cp --help/],
      ['not logged in → exit 3', null, ['--profile', 'dev'], 3, /^keyrack-cp: sso-session 'acme': is not logged in \(there is no cached SSO token\)\. Run: keyrack-cp login --sso-session acme\n$/],
      ['plain http to another host → exit 2', null, ['--profile', 'dev'], 2, /would send the SSO access token over plain http/],
    ])('%s', async (_name, config, args, code, message) => {
      const box = new Sandbox(emu.url, config ?? CONFIG);
      const extra = _name.startsWith('plain http') ? { AWS_ENDPOINT_URL_SSO: 'http://sso.example.com' } : {};
      if (_name.startsWith('plain http')) box.writeToken(tokenCacheJson(emu.seedLogin({ startUrl: START_URL }), { startUrl: START_URL, region: 'us-east-1' }));
      const r = await box.run(cmd, args, extra);
      expect(r.stdout).toBe('');
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
      expect(emu.calls).toHaveLength(0);
    });

    test('the service rejects the token (401) → exit 3', async () => {
      const { box, secrets } = loggedIn();
      emu.inject('GetRoleCredentials', { kind: 'error', status: 401, errorType: 'UnauthorizedException' });
      const r = await box.run(cmd, ['--profile', 'dev']);
      expect([r.code, r.stdout]).toEqual([3, '']);
      expect(r.stderr).toMatch(/^keyrack-cp: profile 'dev': the SSO service no longer accepts the session's token \(UnauthorizedException \(HTTP 401\)\)\. Run: keyrack-cp login --sso-session acme\n$/);
      expect(leakedSecrets(r.stderr, secrets)).toEqual([]);
    });

    test('a role the user may not assume (403) → exit 1 naming account and role', async () => {
      const { box } = loggedIn(60, CONFIG.replace('ReadOnly', 'Billing'));
      const r = await box.run(cmd, ['--profile', 'dev']);
      expect([r.code, r.stdout]).toEqual([1, '']);
      expect(r.stderr).toMatch(/you may not assume role 'Billing' in account 111122223333 \(ForbiddenException \(HTTP 403\)\)/);
      expect(emu.count('GetRoleCredentials')).toBe(1); // 403 is not retried
    });

    test('429 on every attempt: retried, then exit 1', async () => {
      const { box } = loggedIn();
      emu.inject('GetRoleCredentials', { kind: 'error', status: 429, errorType: 'TooManyRequestsException' });
      const r = await box.run(cmd, ['--profile', 'dev']);
      expect([r.code, r.stdout]).toEqual([1, '']);
      expect(r.stderr).toMatch(/throttling requests \(TooManyRequestsException \(HTTP 429\), still after retries\)\. Wait a moment and try again\.\n$/);
      expect(emu.count('GetRoleCredentials')).toBe(3);
    });

    test('a 500 then success: retried, exit 0, nothing on stderr', async () => {
      const { box } = loggedIn();
      emu.inject('GetRoleCredentials', { kind: 'error', status: 500, errorType: 'InternalServerException' }, 1);
      const r = await box.run(cmd, ['--profile', 'dev']);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(emu.count('GetRoleCredentials')).toBe(2);
    });

    test('the service is unreachable → exit 1, quickly', async () => {
      const { box } = loggedIn();
      const r = await box.run(cmd, ['--profile', 'dev'], { AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9' });
      expect([r.code, r.stdout]).toEqual([1, '']);
      expect(r.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)\. Check the network connection/);
      expect(r.ms).toBeLessThan(10_000);
    });

    test('expired token whose refresh is refused → exit 3; the file is left as it was', async () => {
      const { box } = loggedIn(-5);
      const before = box.readToken();
      emu.inject('CreateToken', { kind: 'error', status: 400, errorType: 'InvalidGrantException', body: '{"error":"invalid_grant","error_description":"Invalid refresh token"}' });
      const r = await box.run(cmd, ['--profile', 'dev']);
      expect([r.code, r.stdout]).toEqual([3, '']);
      expect(r.stderr).toMatch(/the SSO token has expired and the service refused to refresh it \(InvalidGrantException \(HTTP 400\)\)\. Run: keyrack-cp login --sso-session acme/);
      expect(box.readToken()).toEqual(before);
      expect(emu.count('GetRoleCredentials')).toBe(0);
    });
  });
});
