import { expect, test } from 'vitest';
import { profileStatus, type ProfileStatus } from '../../src/status/profileStatus.ts';
import { awsConfig, goodProfile, goodSession, START_URL } from '../helpers/awsConfig.ts';

const config = awsConfig({
  sessions: { s: goodSession },
  profiles: {
    dev: goodProfile,
    app: { credential_process: '/usr/local/bin/keyrack-cp --profile dev' },
    app2: { credential_process: 'node /opt/keyrack-cp.cjs --profile=dev --debug' },
    other: { credential_process: 'aws-vault export --format=json secret-thing' },
    chained: { role_arn: 'arn:aws:iam::1:role/x', source_profile: 'dev' },
    keys: { aws_access_key_id: 'AKIAEXAMPLE', aws_secret_access_key: 'very-secret-value' },
    empty: { region: 'eu-west-1' },
    old: { sso_start_url: START_URL, sso_region: 'us-east-1', sso_account_id: '111122223333', sso_role_name: 'Admin' },
    'no-role': { sso_session: 's', sso_account_id: '111122223333' },
    'bad-session': { ...goodProfile, sso_session: 'missing' },
  },
});

test.each<[string, Partial<ProfileStatus> & { kind: ProfileStatus['kind'] }]>([
  ['dev', { kind: 'usable', session: 's', accountId: '111122223333', roleName: 'ReadOnly' }],
  ['app', { kind: 'not-sso', note: "runs keyrack-cp for profile 'dev' (credential_process)" }],
  ['app2', { kind: 'not-sso', note: "runs keyrack-cp for profile 'dev' (credential_process)" }],
  ['other', { kind: 'not-sso', note: 'runs another credential_process' }],
  ['chained', { kind: 'not-sso', note: 'assumes a role (role_arn)' }],
  ['keys', { kind: 'not-sso', note: 'static access keys' }],
  ['empty', { kind: 'not-sso', note: 'no credential settings' }],
  ['no-role', { kind: 'misconfigured', problem: 'is missing sso_role_name in /home/u/.aws/config', fix: "Add 'sso_role_name = …' to [profile no-role]." }],
  ['bad-session', { kind: 'misconfigured', problem: "names sso_session 'missing', but /home/u/.aws/config has no [sso-session missing] section" }],
])('%s', (name, expected) => {
  expect(profileStatus(config, name)).toMatchObject({ name, ...expected });
});

test('a legacy profile carries the whole migration, built from its own values, and no secret is quoted anywhere', () => {
  const old = profileStatus(config, 'old');
  expect(old.kind).toBe('legacy');
  if (old.kind !== 'legacy') return;
  expect(old.problem).toMatch(/^uses the legacy SSO configuration/);
  expect(old.fix).toMatch(/\[profile old\]\n {2}sso_session = \S+\n {2}sso_account_id = 111122223333\n {2}sso_role_name = Admin/);
  const everything = JSON.stringify([...config.profiles.keys()].map((n) => profileStatus(config, n)));
  expect(everything).not.toMatch(/very-secret-value|secret-thing|AKIAEXAMPLE/);
});
