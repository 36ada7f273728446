// buildAwsConfig: botocore's build_profile_map and Session.full_config's credentials merge, plus the reference's
// side-by-side table (§1.5) and config-parsing edge cases (§10, 1–16), botocore column.

import { describe, expect, test } from 'vitest';
import { buildAwsConfig } from '../../src/config/buildAwsConfig.ts';
import { parseIni } from '../../src/config/parseIni.ts';
import type { AwsConfig, IniSection } from '../../src/config/types.ts';

const PATHS = { configFile: '/home/u/.aws/config', credentialsFile: '/home/u/.aws/credentials' };

const read = (config: string | null, credentials: string | null = null): AwsConfig =>
  buildAwsConfig(
    config === null ? null : parseIni(config, PATHS.configFile),
    credentials === null ? null : parseIni(credentials, PATHS.credentialsFile),
    PATHS,
  );

type Plain = [string, string | [string, string][]][];
const plain = (sections: ReadonlyMap<string, IniSection>): [string, Plain][] =>
  [...sections].map(([name, section]) => [name, [...section].map(([k, v]) => [k, typeof v === 'string' ? v : [...v]])]);
const profiles = (config: string | null, credentials: string | null = null) => plain(read(config, credentials).profiles);

describe('section names become profiles, sso-sessions and services as in build_profile_map', () => {
  test.each<{ rule: string; header: string; kind: 'profiles' | 'ssoSessions' | 'services'; name: string | null }>([
    { rule: 'profile NAME', header: '[profile dev]', kind: 'profiles', name: 'dev' },
    { rule: 'two spaces', header: '[profile  dev]', kind: 'profiles', name: 'dev' },
    { rule: 'a tab', header: '[profile\tdev]', kind: 'profiles', name: 'dev' },
    { rule: 'trailing spaces', header: '[profile dev  ]', kind: 'profiles', name: 'dev' },
    { rule: 'double quotes', header: '[profile "my name"]', kind: 'profiles', name: 'my name' },
    { rule: 'single quotes', header: "[profile 'x']", kind: 'profiles', name: 'x' },
    { rule: 'an empty quoted name', header: "[profile '']", kind: 'profiles', name: '' },
    { rule: 'dots and symbols', header: '[profile a.b@c+d%e:f/g]', kind: 'profiles', name: 'a.b@c+d%e:f/g' },
    { rule: 'a #', header: '[profile foo#bar]', kind: 'profiles', name: 'foo#bar' },
    { rule: 'a !', header: '[profile a!b]', kind: 'profiles', name: 'a!b' },
    { rule: 'an escaped space', header: '[profile a\\ b]', kind: 'profiles', name: 'a b' },
    { rule: 'prefix only: profiles', header: '[profiles foo]', kind: 'profiles', name: 'foo' },
    { rule: 'prefix only: profilefoo', header: '[profilefoo bar]', kind: 'profiles', name: 'bar' },
    { rule: 'exactly default', header: '[default]', kind: 'profiles', name: 'default' },
    { rule: 'profile default', header: '[profile default]', kind: 'profiles', name: 'default' },
    { rule: 'sso-session NAME', header: '[sso-session acme]', kind: 'ssoSessions', name: 'acme' },
    { rule: 'sso-session, quoted with a space', header: '[sso-session "my session"]', kind: 'ssoSessions', name: 'my session' },
    { rule: 'sso-session with a dot', header: '[sso-session corp.example]', kind: 'ssoSessions', name: 'corp.example' },
    { rule: 'services NAME', header: '[services local]', kind: 'services', name: 'local' },
    { rule: 'three tokens are dropped', header: '[profile foo bar]', kind: 'profiles', name: null },
    { rule: 'one token is dropped', header: '[profile]', kind: 'profiles', name: null },
    { rule: 'profile.x is one token, dropped', header: '[profile.x]', kind: 'profiles', name: null },
    { rule: 'an unclosed quote is dropped', header: '[profile "abc]', kind: 'profiles', name: null },
    { rule: 'a trailing backslash is dropped', header: '[profile x\\]', kind: 'profiles', name: null },
    { rule: 'leading space: not a profile', header: '[ profile dev ]', kind: 'profiles', name: null },
    { rule: 'Profile: case matters', header: '[Profile dev]', kind: 'profiles', name: null },
    { rule: '[ default ] is not default', header: '[ default ]', kind: 'profiles', name: null },
    { rule: '[Default] is not default', header: '[Default]', kind: 'profiles', name: null },
    { rule: 'another section', header: '[preview]', kind: 'profiles', name: null },
    { rule: 'a non-breaking space does not separate', header: '[profile\u00a0dev]', kind: 'profiles', name: null },
    { rule: '__proto__ is a name', header: '[profile __proto__]', kind: 'profiles', name: '__proto__' },
  ])('$rule: $header', ({ header, kind, name }) => {
    const config = read(`${header}\nk = v`);
    const all = [...config.profiles.keys(), ...config.ssoSessions.keys(), ...config.services.keys()];
    expect(all).toEqual(name === null ? [] : [name]);
    if (name !== null) expect(config[kind].get(name)?.get('k')).toBe('v');
  });

  test('a later spelling of the same name replaces the earlier section wholesale, keeping its place', () => {
    expect(profiles('[profile a]\nx = 1\ny = 2\n[profile b]\n[profile "a"]\nz = 3')).toEqual([
      ['a', [['z', '3']]],
      ['b', []],
    ]);
  });

  test('no config file: nothing at all', () => {
    const config = read(null);
    expect([config.profiles.size, config.ssoSessions.size, config.services.size]).toEqual([0, 0, 0]);
    expect([config.configFile, config.credentialsFile]).toEqual([PATHS.configFile, PATHS.credentialsFile]);
  });
});

describe('the credentials file is merged as Session.full_config does', () => {
  test.each<{ rule: string; config: string | null; credentials: string; profiles: [string, Plain][] }>([
    { rule: 'credentials keys override, config-only keys stay', config: '[profile dev]\nregion = a\nsso_session = s', credentials: '[dev]\nregion = b\nkey = k', profiles: [['dev', [['region', 'b'], ['sso_session', 's'], ['key', 'k']]]] },
    { rule: 'a credentials-only section becomes a profile', config: '[profile dev]', credentials: '[other]\na = 1', profiles: [['dev', []], ['other', [['a', '1']]]] },
    { rule: 'names are literal there: [profile x] is "profile x"', config: null, credentials: '[profile x]\na = 1\n[sso-session s]\nb = 2', profiles: [['profile x', [['a', '1']]], ['sso-session s', [['b', '2']]]] },
    { rule: 'its [DEFAULT] is inherited there too, and is not a profile', config: null, credentials: '[DEFAULT]\nregion = r\n[dev]', profiles: [['dev', [['region', 'r']]]] },
    { rule: 'a nested value replaces, it does not merge', config: '[profile p]\ns3 =\n  a = 1', credentials: '[p]\ns3 =\n  b = 2', profiles: [['p', [['s3', [['b', '2']]]]]] },
    { rule: '[ dev ] there is " dev "', config: '[profile dev]', credentials: '[ dev ]\na = 1', profiles: [['dev', []], [' dev ', [['a', '1']]]] },
  ])('$rule', ({ config, credentials, profiles: expected }) => {
    expect(profiles(config, credentials)).toEqual(expected);
  });

  test('the inputs are not modified', () => {
    const config = parseIni('[profile dev]\nregion = a', PATHS.configFile);
    buildAwsConfig(config, parseIni('[dev]\nregion = b', PATHS.credentialsFile), PATHS);
    expect(config.sections.get('profile dev')?.get('region')).toBe('a');
  });
});

describe('reference §1.5, botocore column', () => {
  test.each<{ input: string; profiles: [string, Plain][] }>([
    { input: '[ profile dev ]\na = 1', profiles: [] },
    { input: '[profile  two]\na = 1', profiles: [['two', [['a', '1']]]] },
    { input: '[profile\tthree]\na = 1', profiles: [['three', [['a', '1']]]] },
    { input: '[profile "with space"]\na = 1', profiles: [['with space', [['a', '1']]]] },
    { input: "[profile 'single']\na = 1", profiles: [['single', [['a', '1']]]] },
    { input: '[profiles foo]\na = 1', profiles: [['foo', [['a', '1']]]] },
    { input: '[Profile bar]\na = 1', profiles: [] },
    { input: '[profile.x]\na = 1', profiles: [] },
    { input: '[profile a.b@c+d%e:f/g]\na = 1', profiles: [['a.b@c+d%e:f/g', [['a', '1']]]] },
    { input: '[profile a!b]\na = 1', profiles: [['a!b', [['a', '1']]]] },
    { input: '[default]\nregion = us-east-1 # c', profiles: [['default', [['region', 'us-east-1 # c']]]] },
    { input: '[default]\nfoo = bar;baz', profiles: [['default', [['foo', 'bar;baz']]]] },
    { input: '[default]\nurl = https://x/start#frag', profiles: [['default', [['url', 'https://x/start#frag']]]] },
    { input: '[default]\nRegion = x', profiles: [['default', [['region', 'x']]]] },
    { input: '[default]\nregion: x', profiles: [['default', [['region', 'x']]]] },
    { input: '[default]\ns3 =\n  a = 1', profiles: [['default', [['s3', [['a', '1']]]]]] },
    { input: '[default]\nx = 1\n  y = 2', profiles: [['default', [['x', '1\ny = 2']]]] },
    { input: '[default]\nsso_region =', profiles: [['default', [['sso_region', '']]]] },
    { input: '[DEFAULT]\nregion = r\n[profile p]', profiles: [['p', [['region', 'r']]]] },
    { input: '[default]\na = 1\n[profile default]\nb = 2', profiles: [['default', [['b', '2']]]] },
    { input: '[profile default]\nb = 2\n[default]\na = 1', profiles: [['default', [['a', '1']]]] },
    { input: '[default]\nfoo = "bar"', profiles: [['default', [['foo', '"bar"']]]] },
    { input: '[default]\nfoo = true', profiles: [['default', [['foo', 'true']]]] },
  ])('$input', ({ input, profiles: expected }) => {
    expect(profiles(input)).toEqual(expected);
  });

  // The refusing rows of the table (duplicate section and key, a line without '=', a key before any section, a
  // BOM, a nested 'a: 1') are rows of parseIni.test.ts, with their line numbers.
  test.each([
    '[default]\n[default]',
    '[default]\na = 1\na = 2',
    '[default]\nwords',
    'a = 1\n[default]',
    '\ufeff[default]',
    '[default]\ns3 =\n  a: 1',
  ])('refused: %j', (input) => {
    expect(() => read(input)).toThrow(/line/);
  });
});

describe('reference §10, config parsing cases 1–16, botocore column', () => {
  const session = '[sso-session s]\nsso_start_url = U\nsso_region = us-east-1\n';
  const body = 'sso_session = s\nsso_account_id = 1\nsso_role_name = R\n';
  const p = (config: string, credentials: string | null = null) => read(session + config, credentials).profiles.get('p');
  test.each<{ n: string; config: string; credentials?: string; get: string; value: string | undefined }>([
    { n: '1 two spaces', config: `[profile  p]\n${body}`, get: 'sso_role_name', value: 'R' },
    { n: '1 a tab', config: `[profile\tp]\n${body}`, get: 'sso_role_name', value: 'R' },
    { n: '2 [ profile p ] is not p', config: `[ profile p ]\n${body}`, get: 'sso_role_name', value: undefined },
    { n: '3 a quoted name', config: `[profile "p"]\n${body}`, get: 'sso_session', value: 's' },
    { n: '4 [profiles p]', config: `[profiles p]\n${body}`, get: 'sso_account_id', value: '1' },
    { n: '4 [profilex p]', config: `[profilex p]\n${body}`, get: 'sso_account_id', value: '1' },
    { n: '5 three tokens are ignored', config: `[profile p extra]\n${body}`, get: 'sso_account_id', value: undefined },
    { n: '6 [profile default] then [default]', config: '[profile default]\na = 1\n[default]\nb = 2\n[profile p]\nx = 1', get: 'x', value: '1' },
    { n: '8 an inline comment is part of the account id', config: `[profile p]\nsso_account_id = 111122223333 # prod`, get: 'sso_account_id', value: '111122223333 # prod' },
    { n: '9 upper-case keys', config: '[profile p]\nSSO_SESSION = s', get: 'sso_session', value: 's' },
    { n: '10 a colon', config: '[profile p]\nsso_region: us-east-1', get: 'sso_region', value: 'us-east-1' },
    { n: '11 [DEFAULT] reaches profiles', config: '[DEFAULT]\nsso_region = X\n[profile p]', get: 'sso_region', value: 'X' },
    { n: '16 credentials-file values win', config: `[profile p]\n${body}`, credentials: '[p]\nsso_role_name = Other', get: 'sso_role_name', value: 'Other' },
  ])('$n', ({ config, credentials, get, value }) => {
    expect(p(config, credentials ?? null)?.get(get)).toBe(value);
  });

  test('3 [profile "p q"] is the profile "p q"', () => {
    expect(read(`[profile "p q"]\n${body}`).profiles.get('p q')?.get('sso_role_name')).toBe('R');
  });
  test('6 [default] and [profile default]: the later wins wholesale', () => {
    expect(profiles('[default]\na = 1\n[profile default]\nb = 2')).toEqual([['default', [['b', '2']]]]);
    expect(profiles('[profile default]\nb = 2\n[default]\na = 1')).toEqual([['default', [['a', '1']]]]);
  });
  test('11 [DEFAULT] reaches sso-sessions too', () => {
    expect(read('[DEFAULT]\nsso_region = X\n[sso-session s]').ssoSessions.get('s')?.get('sso_region')).toBe('X');
  });
  test('13 a nested s3 block', () => {
    expect(profiles('[profile p]\ns3 =\n  max_concurrent_requests = 10')).toEqual([['p', [['s3', [['max_concurrent_requests', '10']]]]]]);
  });
  // 7, 12 and the refusing half of 13 are parseIni.test.ts rows; 14 (AWS_CONFIG_FILE=$HOME/alt) is a
  // configPaths.test.ts row; 15 (AWS_DEFAULT_PROFILE) is profile selection, which the contract decides elsewhere.
  test.each([
    ['7 duplicate [profile p]', '[profile p]\n[profile p]'],
    ['7 duplicate key', '[profile p]\na = 1\na = 2'],
    ['12 a BOM', '\ufeff[profile p]'],
    ['12 a key before any section', 'a = 1\n[profile p]'],
    ['13 a nested line without =', '[profile p]\ns3 =\n  max_concurrent_requests'],
  ])('%s is refused', (_, input) => {
    expect(() => read(input)).toThrow(/line/);
  });
});
