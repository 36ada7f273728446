import { describe, expect, test } from 'vitest';
import { resolveSsoProfile, runsKeyrackCp } from '../../src/config/resolveSsoProfile.ts';
import { EXIT_CONFIG, KeyrackError } from '../../src/errors.ts';
import { awsConfig, goodProfile, goodSession, START_URL } from '../helpers/awsConfig.ts';

function failureOf(fn: () => unknown): KeyrackError {
  try {
    fn();
  } catch (error) {
    if (error instanceof KeyrackError) return error;
    throw error;
  }
  throw new Error('expected a KeyrackError');
}

describe('resolveSsoProfile', () => {
  test('an sso-session profile resolves to the narrow shape', () => {
    const config = awsConfig({ profiles: { p: goodProfile }, sessions: { s: { ...goodSession, sso_registration_scopes: ' sso:account:access, ,codewhisperer:completions ' } } });
    expect(resolveSsoProfile(config, 'p')).toEqual({
      name: 'p',
      accountId: '111122223333',
      roleName: 'ReadOnly',
      session: { name: 's', startUrl: START_URL, region: 'us-east-1', registrationScopes: ['sso:account:access', 'codewhisperer:completions'] },
    });
  });

  test('profile keys equal to the session ones are accepted (botocore)', () => {
    const config = awsConfig({ profiles: { p: { ...goodProfile, sso_start_url: START_URL, sso_region: 'us-east-1' } }, sessions: { s: goodSession } });
    expect(resolveSsoProfile(config, 'p').session.startUrl).toBe(START_URL);
  });

  test.each<[string, Parameters<typeof awsConfig>[0], string, RegExp]>([
    ['missing profile lists the SSO profiles', { profiles: { a: goodProfile }, sessions: { s: goodSession } }, 'nope', /profile 'nope': is not defined in \/home\/u\/\.aws\/config\. Use --profile with an sso-session profile: a\./],
    ['no SSO keys', { profiles: { p: { region: 'eu-west-1' } } }, 'p', /has no SSO settings/],
    ['own credential_process runs keyrack-cp', { profiles: { app: { credential_process: 'keyrack-cp --profile app' }, real: goodProfile }, sessions: { s: goodSession } }, 'app', /its own credential_process runs keyrack-cp.*keyrack-cp --profile <sso profile>.*real/],
    ['every missing key at once', { profiles: { p: { sso_session: 's' } }, sessions: { s: goodSession } }, 'p', /is missing sso_account_id, sso_role_name/],
    ['empty value counts as missing', { profiles: { p: { ...goodProfile, sso_role_name: '' } }, sessions: { s: goodSession } }, 'p', /is missing sso_role_name/],
    ['session section missing', { profiles: { p: goodProfile }, sessions: { other: goodSession } }, 'p', /names sso_session 's', but .* has no \[sso-session s\] section\. Set sso_session to one of: other/],
    ['start URL conflict names both values', { profiles: { p: { ...goodProfile, sso_start_url: `${START_URL}/` } }, sessions: { s: goodSession } }, 'p', /sso_start_url is 'https:\/\/d-abc\.awsapps\.com\/start\/' in the profile but 'https:\/\/d-abc\.awsapps\.com\/start' in \[sso-session s\]/],
    ['any shared key conflicts (region)', { profiles: { p: { ...goodProfile, region: 'eu-west-1' } }, sessions: { s: { ...goodSession, region: 'us-east-1' } } }, 'p', /region is 'eu-west-1' in the profile but 'us-east-1'/],
    ['secret-looking keys are not echoed', { profiles: { p: { ...goodProfile, aws_secret_access_key: 'SECRETVALUE1' } }, sessions: { s: { ...goodSession, aws_secret_access_key: 'SECRETVALUE2' } } }, 'p', /aws_secret_access_key is \(hidden\) in the profile but \(hidden\)/],
    ['session lacks region', { profiles: { p: goodProfile }, sessions: { s: { sso_start_url: START_URL } } }, 'p', /sso-session 's': is missing sso_region/],
    ['region only in the profile is still missing from the session (botocore token provider)', { profiles: { p: { ...goodProfile, sso_region: 'us-east-1' } }, sessions: { s: { sso_start_url: START_URL } } }, 'p', /sso-session 's': is missing sso_region/],
    ['http start URL', { profiles: { p: goodProfile }, sessions: { s: { ...goodSession, sso_start_url: 'http://d-abc.awsapps.com/start' } } }, 'p', /is not an https URL/],
    ['region with an inline comment', { profiles: { p: goodProfile }, sessions: { s: { ...goodSession, sso_region: 'us-east-1 # main' } } }, 'p', /sso_region 'us-east-1 # main' is not an AWS region name/],
    ['account id with an inline comment', { profiles: { p: { ...goodProfile, sso_account_id: '111122223333 # prod' } }, sessions: { s: goodSession } }, 'p', /not a 12-digit AWS account id.*inline comments/],
    ['a role name with a space', { profiles: { p: { ...goodProfile, sso_role_name: 'Read Only' } }, sessions: { s: goodSession } }, 'p', /sso_role_name 'Read Only' is not an IAM role name/],
    ['a role name over 64 characters', { profiles: { p: { ...goodProfile, sso_role_name: 'R'.repeat(65) } }, sessions: { s: goodSession } }, 'p', /is not an IAM role name/],
    ['a value continued on the next line stays on one line', { profiles: { p: goodProfile }, sessions: { s: { ...goodSession, sso_region: 'us-east-1\nfoo = bar' } } }, 'p', /sso_region 'us-east-1\\nfoo = bar' is not an AWS region name/],
    ['nested block where a value belongs', { profiles: { p: { ...goodProfile, sso_role_name: { a: 'b' } } }, sessions: { s: goodSession } }, 'p', /sso_role_name is a nested block/],
  ])('%s → exit 2', (_name, parts, profile, message) => {
    const error = failureOf(() => resolveSsoProfile(awsConfig(parts), profile));
    expect(error.exitCode).toBe(EXIT_CONFIG);
    expect(error.describe()).toMatch(message);
  });

  test('secret values never appear in the message', () => {
    const config = awsConfig({ profiles: { p: { ...goodProfile, aws_session_token: 'TOPSECRET-A' } }, sessions: { s: { ...goodSession, aws_session_token: 'TOPSECRET-B' } } });
    expect(failureOf(() => resolveSsoProfile(config, 'p')).describe()).not.toMatch(/TOPSECRET/);
  });
});

describe('legacy profiles', () => {
  const legacy = { sso_start_url: 'https://acme.awsapps.com/start', sso_region: 'eu-west-1', sso_account_id: '111122223333', sso_role_name: 'Admin', region: 'eu-west-1' };

  test('exit 2 with the exact migration built from the user\'s values', () => {
    const error = failureOf(() => resolveSsoProfile(awsConfig({ profiles: { 'acme.prod': legacy } }), 'acme.prod'));
    expect(error.exitCode).toBe(EXIT_CONFIG);
    expect(error.describe()).toBe(
      "profile 'acme.prod': uses the legacy SSO configuration (sso_start_url and sso_region in the profile itself), which keyrack-cp does not accept: " +
        'it cannot refresh (a fixed 8-hour session) and registers a separate "botocore-client-acme.prod" client at every login. ' +
        'Move the SSO settings into an sso-session in /home/u/.aws/config:\n\n' +
        '  [sso-session acme]\n  sso_start_url = https://acme.awsapps.com/start\n  sso_region = eu-west-1\n  sso_registration_scopes = sso:account:access\n\n' +
        '  [profile acme.prod]\n  sso_session = acme\n  sso_account_id = 111122223333\n  sso_role_name = Admin\n\n' +
        'remove sso_start_url and sso_region from [profile acme.prod] (keep its other keys), then run: keyrack-cp login --sso-session acme ' +
          '(or aws sso login --sso-session acme). keyrack-cp migrate makes this edit for every legacy profile (--dry-run shows it first).',
    );
  });

  test('an existing session with the same start URL and region is reused', () => {
    const config = awsConfig({ profiles: { old: legacy }, sessions: { corp: { sso_start_url: legacy.sso_start_url, sso_region: 'eu-west-1' } } });
    const text = failureOf(() => resolveSsoProfile(config, 'old')).describe();
    expect(text).toContain('the existing [sso-session corp] already has this start URL and region');
    expect(text).toContain('sso_session = corp');
    expect(text).toContain('then run: keyrack-cp login --sso-session corp (or aws sso login --sso-session corp).');
  });

  test('a taken name gets a suffix; only sso_region present is still legacy', () => {
    const config = awsConfig({ profiles: { old: { sso_region: 'us-east-1', sso_role_name: 'R' } }, sessions: { sso: goodSession } });
    const text = failureOf(() => resolveSsoProfile(config, 'old')).describe();
    expect(text).toContain('(sso_region in the profile itself)');
    expect(text).toContain('[sso-session sso-2]');
    expect(text).toContain('sso_start_url = <your start URL>');
  });
});

test.each([
  ['keyrack-cp --profile x', true],
  ['/usr/local/bin/keyrack-cp', true],
  ['node /opt/keyrack/dist/keyrack-cp.cjs --profile x', true],
  ['aws-vault export --format=json x', false],
  ['echo keyrack-cp', false],
])('runsKeyrackCp(%j) = %s', (command, expected) => {
  expect(runsKeyrackCp(command)).toBe(expected);
});

test.each([
  ['nodejs keyrack-cp.cjs', true],
  ['"/opt/my tools/keyrack-cp" --profile x', true],
  ["'unclosed keyrack-cp", false],
  ['python3 keyrack-cp', false],
])('runsKeyrackCp(%j) = %s (interpreters)', (command, expected) => {
  expect(runsKeyrackCp(command)).toBe(expected);
});
