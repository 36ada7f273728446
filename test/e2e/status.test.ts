// keyrack-cp status, both artifacts: good, legacy and broken profiles, signed-in and signed-out sessions.

import { describe, expect, test } from 'vitest';
import { tokenCacheJson } from '../emulator/index.ts';
import { ARTIFACTS, leakedSecrets, Sandbox, START_URL } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';

const emu = useE2eEmulator();

const CONFIG = `[profile good]
sso_session = acme
sso_account_id = 111122223333
sso_role_name = ReadOnly

[profile waiting]
sso_session = corp
sso_account_id = 444455556666
sso_role_name = Admin

[profile old-style]
sso_start_url = https://legacy.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 111122223333
sso_role_name = Admin

[profile broken]
sso_session = acme
sso_account_id = 111122223333

[profile app]
credential_process = keyrack-cp --profile good

[sso-session acme]
sso_start_url = ${START_URL}
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
`;

describe.each(ARTIFACTS)('%s', (_name, cmd) => {
  function box() {
    const seed = emu.seedLogin({ startUrl: START_URL, accessTokenTtlSeconds: 52 * 60 + 30 });
    const b = new Sandbox(emu.url, CONFIG);
    b.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
    return { b, secrets: [seed.accessToken, seed.refreshToken, seed.clientSecret] };
  }

  test('every session and profile at a glance, the legacy fix spelled out, no network call, no secret', async () => {
    const { b, secrets } = box();
    const calls = emu.calls.length;
    const r = await b.run(cmd, ['status']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`Config: ${b.configPath}`);
    expect(lines.slice(2, 5)).toEqual([
      'SSO sessions:',
      expect.stringMatching(/^ {2}acme {2}signed in {6}52m left \(until \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\), refreshable {3}https:\/\/d-abc\.awsapps\.com\/start \(us-east-1\)$/),
      '  corp  not signed in  → keyrack-cp login --sso-session corp   https://corp.awsapps.com/start (eu-west-1)',
    ]);
    expect(lines.slice(6, 12)).toEqual([
      'Profiles:',
      '  good       ready          acme → account 111122223333, role ReadOnly',
      '  waiting    sign in first  corp → account 444455556666, role Admin',
      '  old-style  legacy         uses the legacy SSO configuration; the fix is below',
      `  broken     misconfigured  is missing sso_role_name in ${b.configPath} → Add 'sso_role_name = …' to [profile broken].`,
      "  app        not SSO        runs keyrack-cp for profile 'good' (credential_process)",
    ]);
    expect(r.stdout).toMatch(/\nProfile 'old-style' uses the legacy SSO configuration .*\nMove the SSO settings into an sso-session in .*:\n\n {2}\[sso-session \S+\]\n {2}sso_start_url = https:\/\/legacy\.awsapps\.com\/start\n {2}sso_region = eu-west-1\n/);
    expect(emu.calls.length).toBe(calls);
    expect(leakedSecrets(r.stdout, secrets)).toEqual([]);
  });

  test('--json carries the same facts for scripts', async () => {
    const { b, secrets } = box();
    const r = await b.run(cmd, ['status', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.sessions.map((s: { name: string; state: string; ready: boolean }) => [s.name, s.state, s.ready])).toEqual([['acme', 'signed-in', true], ['corp', 'signed-out', false]]);
    expect(doc.sessions[0]).toMatchObject({ refreshable: true, loginCommand: 'keyrack-cp login --sso-session acme' });
    expect(doc.sessions[0].secondsLeft).toBeGreaterThan(52 * 60);
    expect(doc.profiles.map((p: { name: string; status: string }) => [p.name, p.status])).toEqual([
      ['good', 'usable'], ['waiting', 'usable'], ['old-style', 'legacy'], ['broken', 'misconfigured'], ['app', 'not-sso'],
    ]);
    expect(doc.profiles[2].fix).toMatch(/\[sso-session /);
    expect(leakedSecrets(r.stdout, secrets)).toEqual([]);
  });

  test.each<[string, number, RegExp]>([
    ['good', 0, /^ {2}good {2}ready/m],
    ['waiting', 3, /^ {2}corp {2}not signed in/m],
    ['old-style', 2, /^Profile 'old-style' uses the legacy SSO configuration/m],
    ['broken', 2, /misconfigured {2}is missing sso_role_name/],
  ])('--profile %s: that profile and its session, exit %i', async (profile, code, line) => {
    const { b } = box();
    const r = await b.run(cmd, ['status', '--profile', profile]);
    expect(r.code).toBe(code);
    expect(r.stdout).toMatch(line);
    expect(r.stdout.match(/^ {2}\S+ {2}/gm)!.length).toBeLessThanOrEqual(2);
  });

  test('an unknown profile is exit 2', async () => {
    const { b } = box();
    const r = await b.run(cmd, ['status', '--profile', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^keyrack-cp: profile 'nope': is not defined in/);
  });
});
