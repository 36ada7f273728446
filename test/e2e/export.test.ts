// keyrack-cp export, both artifacts against the emulator: every format, the env lines evaluated by a real bash and zsh, and
// the failures (nothing on stdout, the contract's exit codes).

import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { tokenCacheJson } from '../emulator/index.ts';
import { ARTIFACTS, leakedSecrets, Sandbox, START_URL } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';

const emu = useE2eEmulator();

function loggedIn(config?: string) {
  const seed = emu.seedLogin({ startUrl: START_URL, region: 'us-east-1' });
  const box = new Sandbox(emu.url, config);
  box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
  return { box, secrets: [seed.accessToken, seed.refreshToken, seed.clientSecret] };
}

describe.each(ARTIFACTS)('%s', (_name, cmd) => {
  test.each(['bash', 'zsh'])('eval "$(keyrack-cp export --format env)" in %s sets exactly the credentials keyrack-cp prints', async (sh) => {
    const { box, secrets } = loggedIn();
    const doc = JSON.parse((await box.run(cmd, ['export', '--profile', 'dev'])).stdout);
    const r = await box.run(cmd, ['export', '--profile', 'dev', '--format', 'env']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    // The values are read back by a child process: they were exported, not only set.
    const shell = spawnSync(sh, ['-c', 'eval "$1"; sh -c \'printf "%s\\n" "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY" "$AWS_SESSION_TOKEN" "$AWS_CREDENTIAL_EXPIRATION"\'', sh, r.stdout], { encoding: 'utf8' });
    expect(shell.stdout.split('\n').slice(0, 4)).toEqual([doc.AccessKeyId, doc.SecretAccessKey, doc.SessionToken, doc.Expiration]);
    expect(emu.count('GetRoleCredentials')).toBe(1); // the second run was served from the role-credential cache
    expect(leakedSecrets(r.stderr, [...secrets, doc.SecretAccessKey, doc.SessionToken])).toEqual([]);
  });

  test.each([
    ['process', /^\{"Version":1,"AccessKeyId":"ASIA[^"]+",.*"AccountId":"111122223333"\}\n$/],
    ['env-no-export', /^AWS_ACCESS_KEY_ID=ASIA\S+\nAWS_SECRET_ACCESS_KEY=\S+\nAWS_SESSION_TOKEN=\S+\nAWS_CREDENTIAL_EXPIRATION=\S+Z\n$/],
    ['powershell', /^\$Env:AWS_ACCESS_KEY_ID="ASIA[^"]+"\n(\$Env:AWS_[A-Z_]+="[^"]+"\n){3}$/],
    ['windows-cmd', /^set AWS_ACCESS_KEY_ID=ASIA\S+\n(set AWS_[A-Z_]+=\S+\n){3}$/],
    ['fish', /^set -gx AWS_ACCESS_KEY_ID "ASIA[^"]+"\n(set -gx AWS_[A-Z_]+ "[^"]+"\n){3}$/],
  ])('--format %s', async (format, shape) => {
    const { box } = loggedIn();
    const r = await box.run(cmd, ['export', '-p', 'dev', '--format', format]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(shape);
  });

  test('AWS_PROFILE picks the profile; --help answers', async () => {
    const { box } = loggedIn();
    const r = await box.run(cmd, ['export', '--format', 'env'], { AWS_PROFILE: 'dev' });
    expect(r.code).toBe(0);
    const help = await box.run(cmd, ['export', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: keyrack-cp export /);
  });

  test.each([
    ['an unknown format', ['export', '-p', 'dev', '--format', 'yaml'], 2, /^keyrack-cp: usage: unknown export format 'yaml'\. Use one of: process, env, env-no-export, powershell, windows-cmd, fish\.\n$/],
    ['an unknown option', ['export', '--nope'], 2, /^keyrack-cp: usage: Unknown option '--nope'\. Run keyrack-cp export --help for its options\.\n$/],
    ['a stray argument', ['export', 'dev'], 2, /takes no argument 'dev'/],
    ['an unknown profile', ['export', '-p', 'nope'], 2, /^keyrack-cp: profile 'nope': is not defined in /],
  ])('%s: exit %i, nothing on stdout', async (_rule, args, code, message) => {
    const { box } = loggedIn();
    const r = await box.run(cmd, args);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  test('not logged in: exit 3 with the login command', async () => {
    const box = new Sandbox(emu.url);
    const r = await box.run(cmd, ['export', '-p', 'dev', '--format', 'env']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/login --sso-session acme\n$/);
  });
});
