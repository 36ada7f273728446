// configure's pure parts: each answer's rule, which answers are missing, planSession and planProfile (add, keep,
// update with --force, refuse, and why), the name offered, and editConfigure's text (CRLF, comments, a missing final
// newline, the section botocore reads, [DEFAULT]) read back by the credential path's rules. No I/O.

import { describe, expect, test } from 'vitest';
import { buildAwsConfig } from '../../src/config/buildAwsConfig.ts';
import { parseIni } from '../../src/config/parseIni.ts';
import { resolveSsoProfile } from '../../src/config/resolveSsoProfile.ts';
import { inheritedDefaults } from '../../src/edit/checkEdit.ts';
import { missingAnswers, whyNotAnswer, type ConfigureAnswers, type ConfigureField } from '../../src/edit/configureAnswers.ts';
import { editConfigure } from '../../src/edit/editConfigure.ts';
import { checkProfileName, planProfile, planSession, suggestProfileName, type SessionAnswers } from '../../src/edit/planConfigure.ts';
import { KeyrackError } from '../../src/errors.ts';
import { sameOutside } from './preservedLines.ts';

const PATHS = { configFile: '/home/u/.aws/config', credentialsFile: '/home/u/.aws/credentials' };
const URL = 'https://acme.awsapps.com/start';
const SESSION = `[sso-session acme]\nsso_start_url = ${URL}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n`;

interface Run {
  readonly session?: string;
  readonly given?: SessionAnswers;
  readonly profile?: string;
  readonly accountId?: string;
  readonly roleName?: string;
  readonly region?: string;
  readonly force?: boolean;
  readonly credentials?: string;
}

/** Both plans over `text`, then the edit: what configure's run does with the file it read under the lock. */
function configure(text: string, r: Run = {}) {
  const raw = parseIni(text, PATHS.configFile);
  const credentials = r.credentials === undefined ? null : parseIni(r.credentials, PATHS.credentialsFile);
  const config = buildAwsConfig(raw, credentials, PATHS);
  const defaults = inheritedDefaults(text);
  const session = planSession(config, r.session ?? 'acme', r.given ?? { startUrl: URL, region: 'us-east-1' }, r.force ?? false, defaults);
  const profile = planProfile(config, credentials, session, { name: r.profile ?? 'prod', accountId: r.accountId ?? '111122223333', roleName: r.roleName ?? 'Admin', region: r.region }, r.force ?? false, defaults);
  return { session, profile, text: editConfigure(text, raw, credentials, [session, profile], PATHS) };
}

/** The refusal's one paragraph, or null when it was not refused. */
function refusal(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    if (!(error instanceof KeyrackError)) throw error;
    return `${error.exitCode} ${error.describe()}`;
  }
}

describe('whyNotAnswer: the credential path\'s rules, for answers and flags alike', () => {
  test.each<[ConfigureField, string, string | null]>([
    ['sso-session', 'acme', null],
    ['sso-session', 'my sso', 'is not a name the AWS SDKs all read the same way (use letters, digits and - _ . @ + % : / only)'],
    ['sso-session', '__proto__', 'is a name the AWS SDK for JavaScript cannot read (it would ignore the whole file)'],
    ['start-url', URL, null],
    ['start-url', 'http://acme.awsapps.com/start', 'is not an https URL (the AWS access portal URL, such as https://d-1234567890.awsapps.com/start)'],
    ['start-url', 'https://acme.awsapps.com/start\nregion = x', 'is not an https URL (the AWS access portal URL, such as https://d-1234567890.awsapps.com/start)'],
    ['start-url', 'https://acme.awsapps.com/st art', 'is not an https URL (the AWS access portal URL, such as https://d-1234567890.awsapps.com/start)'],
    ['region', 'eu-west-1', null],
    ['region', 'EU West', 'is not an AWS region name (such as us-east-1)'],
    ['profile-region', 'eu-central-1', null],
    ['profile-region', 'eu-central-1 ', 'is not an AWS region name (such as us-east-1)'],
    ['scopes', 'sso:account:access', null],
    ['scopes', 'sso:account:access, codewhisperer:completions', null],
    ['scopes', 'sso:account:access,', 'is not a comma-separated list of scopes (such as sso:account:access)'],
    ['scopes', 'sso account', 'is not a comma-separated list of scopes (such as sso:account:access)'],
    ['account', '111122223333', null],
    ['account', '1111-2222-3333', 'is not a 12-digit AWS account id'],
    ['role', 'AWSAdministratorAccess', null],
    ['role', 'Admin Role', 'is not an IAM role name (letters, digits and +=,.@_- only, at most 64)'],
    ['profile', 'prod.Admin', null],
    ['profile', 'prod]', 'is not a name the AWS SDKs all read the same way (use letters, digits and - _ . @ + % : / only)'],
  ])('%s %j', (field, value, why) => {
    expect(whyNotAnswer(field, value)).toBe(why);
  });
});

describe('missingAnswers', () => {
  const config = buildAwsConfig(parseIni(`${SESSION}\n[sso-session half]\nsso_start_url = ${URL}\n`, PATHS.configFile), null, PATHS);
  test.each<[string, ConfigureAnswers, ConfigureField[]]>([
    ['nothing given: everything but the scopes, which have a default', {}, ['sso-session', 'start-url', 'region', 'account', 'role', 'profile']],
    ['an existing session stands in for its start URL and region', { 'sso-session': 'acme' }, ['account', 'role', 'profile']],
    ['a session lacking its region still needs it', { 'sso-session': 'half' }, ['region', 'account', 'role', 'profile']],
    ['a new session needs both', { 'sso-session': 'globex', account: '111122223333' }, ['start-url', 'region', 'role', 'profile']],
    ['the profile\'s region is never missing', { 'sso-session': 'acme', account: '111122223333', role: 'Admin', profile: 'p' }, []],
    ['every flag', { 'sso-session': 'globex', 'start-url': URL, region: 'us-east-1', account: '111122223333', role: 'Admin', profile: 'p' }, []],
  ])('%s', (_rule, given, missing) => {
    expect(missingAnswers(given, config)).toEqual(missing);
  });
});

describe('planSession', () => {
  const plan = (text: string, given: SessionAnswers, force = false, name = 'acme') =>
    planSession(buildAwsConfig(parseIni(text, PATHS.configFile), null, PATHS), name, given, force, inheritedDefaults(text));

  test('a new session gets its start URL, region, and the default scopes', () => {
    const p = plan('', { startUrl: URL, region: 'eu-west-1' });
    expect([p.action, p.header, p.entries]).toEqual(['add', 'sso-session acme', [['sso_start_url', URL], ['sso_region', 'eu-west-1'], ['sso_registration_scopes', 'sso:account:access']]]);
    expect(p.value).toEqual({ name: 'acme', startUrl: URL, region: 'eu-west-1', registrationScopes: ['sso:account:access'] });
    expect(plan('', { startUrl: URL, region: 'eu-west-1', scopes: 'a:b, c:d' }).value.registrationScopes).toEqual(['a:b', 'c:d']);
  });

  test.each<[string, string, SessionAnswers, boolean, string | [string, [string, string][]]]>([
    ['an existing session with nothing given is kept as it is', SESSION, {}, false, ['keep', []]],
    ['the same values given: kept', SESSION, { startUrl: URL, region: 'us-east-1', scopes: 'sso:account:access' }, false, ['keep', []]],
    [
      'another value is refused without --force, naming both',
      SESSION, { region: 'eu-west-1', startUrl: URL }, false,
      "2 sso-session 'acme': already exists in /home/u/.aws/config with other values: sso_region 'us-east-1' (not 'eu-west-1'). Leave those values out to use the session as it is, or pass --force to change them.",
    ],
    ['with --force only the key that differs is written', SESSION, { region: 'eu-west-1', startUrl: URL }, true, ['update', [['sso_region', 'eu-west-1']]]],
    ['a key the session lacks is added without --force', `[sso-session acme]\nsso_start_url = ${URL}\n`, { region: 'eu-west-1' }, false, ['update', [['sso_region', 'eu-west-1']]]],
    [
      'a session that still lacks its region is refused as the credential path would refuse it',
      `[sso-session acme]\nsso_start_url = ${URL}\n`, {}, false,
      "2 sso-session 'acme': is missing sso_region in /home/u/.aws/config. Add 'sso_region = …' to [sso-session acme].",
    ],
    [
      'a start URL that is not https',
      '', { startUrl: 'http://acme.awsapps.com/start', region: 'us-east-1' }, false,
      "2 sso-session 'acme': sso_start_url 'http://acme.awsapps.com/start' is not an https URL (the AWS access portal URL, such as https://d-1234567890.awsapps.com/start). Give another --start-url.",
    ],
    ['a region that is not one', '', { startUrl: URL, region: 'EU' }, false, "2 sso-session 'acme': sso_region 'EU' is not an AWS region name (such as us-east-1). Give another --region."],
    [
      'a nested value is another value',
      `[sso-session acme]\nsso_start_url = ${URL}\nsso_region =\n  x = y\n`, { region: 'us-east-1' }, false,
      "2 sso-session 'acme': already exists in /home/u/.aws/config with other values: sso_region a nested block (not 'us-east-1'). Leave those values out to use the session as it is, or pass --force to change them.",
    ],
  ])('%s', (_rule, text, given, force, expected) => {
    if (typeof expected === 'string') expect(refusal(() => plan(text, given, force))).toBe(expected);
    else expect([plan(text, given, force).action, plan(text, given, force).entries]).toEqual(expected);
  });

  test('a name the SDKs read differently is refused before anything else', () => {
    expect(refusal(() => plan('', { startUrl: URL, region: 'us-east-1' }, false, 'a b'))).toBe(
      "2 sso-session 'a b': is not a name the AWS SDKs all read the same way (use letters, digits and - _ . @ + % : / only). Choose another sso-session name.",
    );
  });

  test('a new session reads with the keys it inherits from [DEFAULT]', () => {
    const p = plan('[DEFAULT]\nregion = eu-west-1\n', { startUrl: URL, region: 'us-east-1' });
    expect([...p.section.keys()]).toEqual(['region', 'sso_start_url', 'sso_region', 'sso_registration_scopes']);
  });
});

describe('planProfile and checkProfileName', () => {
  const PROFILE = '\n[profile prod]\nsso_session = acme\nsso_account_id = 111122223333\nsso_role_name = Admin\n';

  test.each<[string, string, Run, string | [string, [string, string][]]]>([
    ['a new profile gets the three keys', SESSION, {}, ['add', [['sso_session', 'acme'], ['sso_account_id', '111122223333'], ['sso_role_name', 'Admin']]]],
    ['the same profile again: kept, nothing written', SESSION + PROFILE, {}, ['keep', []]],
    [
      'another role is refused without --force, naming both',
      SESSION + PROFILE, { roleName: 'ReadOnly' },
      "2 profile 'prod': already exists in /home/u/.aws/config with other values: sso_role_name 'Admin' (not 'ReadOnly'). Choose another profile name, or pass --force to change it.",
    ],
    ['with --force only what differs is written', SESSION + PROFILE, { roleName: 'ReadOnly', force: true }, ['update', [['sso_role_name', 'ReadOnly']]]],
    ['a region given is the profile\'s own region key', SESSION, { region: 'eu-west-1' }, ['add', [['sso_session', 'acme'], ['sso_account_id', '111122223333'], ['sso_role_name', 'Admin'], ['region', 'eu-west-1']]]],
    ['the region it has, given again: kept', `${SESSION}${PROFILE}region = eu-west-1\n`, { region: 'eu-west-1' }, ['keep', []]],
    [
      'another region is refused without --force',
      `${SESSION}${PROFILE}region = eu-west-1\n`, { region: 'us-west-2' },
      "2 profile 'prod': already exists in /home/u/.aws/config with other values: region 'eu-west-1' (not 'us-west-2'). Choose another profile name, or pass --force to change it.",
    ],
    ['a region not given leaves the profile\'s own alone', `${SESSION}${PROFILE}region = eu-west-1\n`, { roleName: 'ReadOnly', force: true }, ['update', [['sso_role_name', 'ReadOnly']]]],
    ['a region that is not one', SESSION, { region: 'Frankfurt' }, "2 profile 'prod': region 'Frankfurt' is not an AWS region name (such as us-east-1). Give another --profile-region."],
    ['a profile with only a region gets the SSO keys beside it, no --force needed', `${SESSION}\n[profile prod]\nregion = eu-west-1\n`, {}, ['update', [['sso_session', 'acme'], ['sso_account_id', '111122223333'], ['sso_role_name', 'Admin']]]],
    [
      'credential_process in the profile: refused, --force or not (never a mix of it and sso_* keys)',
      `${SESSION}\n[profile prod]\ncredential_process = keyrack-cp --profile dev\n`, { force: true },
      "2 profile 'prod': has a credential_process, and a profile with it and sso_* keys resolves differently in botocore and the JS SDK. Choose another profile name.",
    ],
    [
      'credential_process in [DEFAULT], which a new profile would inherit',
      `[DEFAULT]\ncredential_process = x\n\n${SESSION}`, {},
      "2 profile 'prod': would have a credential_process (from [DEFAULT], which every profile inherits), and a profile with it and sso_* keys resolves differently in botocore and the JS SDK. Move credential_process out of [DEFAULT] into the profiles that use it.",
    ],
    [
      'a profile that assumes a role',
      `${SESSION}\n[profile prod]\nrole_arn = arn:aws:iam::111122223333:role/x\nsource_profile = base\n`, { force: true },
      "2 profile 'prod': gets its credentials another way (it has role_arn). Choose another profile name, or remove that key from it first.",
    ],
    [
      'static keys in the config file',
      `${SESSION}\n[profile prod]\naws_access_key_id = AKIAEXAMPLE\naws_secret_access_key = x\n`, {},
      "2 profile 'prod': gets its credentials another way (it has aws_access_key_id). Choose another profile name, or remove that key from it first.",
    ],
    [
      'a legacy SSO profile',
      `${SESSION}\n[profile prod]\nsso_start_url = ${URL}\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = Admin\n`, { force: true },
      "2 profile 'prod': is a legacy SSO profile (sso_start_url or sso_region and no sso_session). Run keyrack-cp migrate first, or choose another profile name.",
    ],
    [
      'a section of that name in the credentials file',
      SESSION, { credentials: '[prod]\naws_access_key_id = AKIAEXAMPLE\n' },
      "2 profile 'prod': has a section in the credentials file /home/u/.aws/credentials too, whose keys the AWS SDKs would mix with these. Choose another profile name, or remove [prod] from the credentials file.",
    ],
    ['an account id that is not one', SESSION, { accountId: '11112222333' }, "2 profile 'prod': sso_account_id '11112222333' is not a 12-digit AWS account id. Give another --account."],
    ['a role name that is not one', SESSION, { roleName: 'Read Only' }, "2 profile 'prod': sso_role_name 'Read Only' is not an IAM role name (letters, digits and +=,.@_- only, at most 64). Give another --role."],
    [
      'a profile whose own sso_region disagrees with the session: the credential path\'s refusal',
      `${SESSION}\n[profile prod]\nsso_session = acme\nsso_region = eu-west-1\n`, {},
      "2 profile 'prod': sso_region is 'eu-west-1' in the profile but 'us-east-1' in [sso-session acme]. Remove sso_region from [profile prod] (the sso-session's value applies) or make the two equal.",
    ],
    ['a name the SDKs read differently', SESSION, { profile: 'my prod' }, "2 profile 'my prod': is not a name the AWS SDKs all read the same way (use letters, digits and - _ . @ + % : / only). Choose another profile name."],
  ])('%s', (_rule, text, run, expected) => {
    if (typeof expected === 'string') expect(refusal(() => configure(text, run))).toBe(expected);
    else expect([configure(text, run).profile.action, configure(text, run).profile.entries]).toEqual(expected);
  });

  test('checkProfileName refuses what no account or role could make right, before any sign-in', () => {
    const text = `${SESSION}\n[profile app]\ncredential_process = x\n`;
    const config = buildAwsConfig(parseIni(text, PATHS.configFile), null, PATHS);
    expect(refusal(() => checkProfileName(config, null, 'app', inheritedDefaults(text)))).toMatch(/^2 profile 'app': has a credential_process/);
    expect(refusal(() => checkProfileName(config, null, 'new', inheritedDefaults(text)))).toBeNull();
  });

  test('"default" is written as [default], as the AWS CLI writes it', () => {
    expect(configure(SESSION, { profile: 'default' }).text).toBe(`${SESSION}\n[default]\nsso_session = acme\nsso_account_id = 111122223333\nsso_role_name = Admin\n`);
  });
});

describe('suggestProfileName', () => {
  const suggest = (text: string, credentials?: string) => {
    const creds = credentials === undefined ? null : parseIni(credentials, PATHS.credentialsFile);
    const config = buildAwsConfig(parseIni(text, PATHS.configFile), creds, PATHS);
    return suggestProfileName(config, creds, 'acme', { accountId: '111122223333', accountName: 'Prod Account', roleName: 'Admin' }, inheritedDefaults(text));
  };
  test.each<[string, string, string | undefined, string]>([
    ['populate\'s default name', SESSION, undefined, 'Prod-Account.Admin'],
    ['a profile that already says this: its name, so nothing changes', `${SESSION}\n[profile mine]\nsso_session = acme\nsso_account_id = 111122223333\nsso_role_name = Admin\n`, undefined, 'mine'],
    ['a name taken by another profile gets the account id', `${SESSION}\n[profile Prod-Account.Admin]\nregion = eu-west-1\n`, undefined, 'Prod-Account.Admin-111122223333'],
    ['taken in the credentials file too', SESSION, '[Prod-Account.Admin]\naws_access_key_id = AKIAEXAMPLE\n', 'Prod-Account.Admin-111122223333'],
  ])('%s', (_rule, text, credentials, name) => {
    expect(suggest(text, credentials)).toBe(name);
  });
});

describe('editConfigure', () => {
  test('CRLF, comments and a hand-written profile around it: every byte kept, the new sections appended in CRLF', () => {
    const before = '# my AWS config\r\n[default]\r\nregion = eu-west-1 ; not a comment to botocore\r\n\r\n; by hand\r\n[profile mine]\r\nsso_session = globex\r\nsso_account_id = 999999999999\r\nsso_role_name = Dev\r\n\r\n[sso-session globex]\r\nsso_start_url = https://globex.awsapps.com/start\r\nsso_region = eu-west-1\r\n';
    const r = configure(before);
    expect([r.session.action, r.profile.action]).toEqual(['add', 'add']);
    expect(r.text).toBe(`${before}\r\n[sso-session acme]\r\nsso_start_url = ${URL}\r\nsso_region = us-east-1\r\nsso_registration_scopes = sso:account:access\r\n\r\n[profile prod]\r\nsso_session = acme\r\nsso_account_id = 111122223333\r\nsso_role_name = Admin\r\n`);
    const after = buildAwsConfig(parseIni(r.text, PATHS.configFile), null, PATHS);
    expect(resolveSsoProfile(after, 'prod')).toEqual({ name: 'prod', accountId: '111122223333', roleName: 'Admin', session: { name: 'acme', startUrl: URL, region: 'us-east-1', registrationScopes: ['sso:account:access'] } });
    expect(resolveSsoProfile(after, 'mine').session.name).toBe('globex');
  });

  test('a file without a final newline still ends without one; an empty file', () => {
    expect(configure('[default]\nregion = eu-west-1').text).toBe(`[default]\nregion = eu-west-1\n\n${SESSION}\n[profile prod]\nsso_session = acme\nsso_account_id = 111122223333\nsso_role_name = Admin`);
    expect(configure('').text).toBe(`${SESSION}\n[profile prod]\nsso_session = acme\nsso_account_id = 111122223333\nsso_role_name = Admin\n`);
  });

  test('an update is made in place: the user\'s spelling, comments and other keys stay; everything else is the same bytes', () => {
    const before = `[sso-session acme]\r\nsso_start_url: ${URL}\r\n# the old region\r\nSSO_Region   =   us-east-1\r\n\r\n[profile prod]\r\nregion = eu-west-1\r\nsso_session = acme\r\nsso_account_id = 111122223333\r\n; the role\r\nsso_role_name = Admin\r\noutput = json\r\n`;
    const r = configure(before, { given: { region: 'eu-central-1' }, roleName: 'ReadOnly', force: true });
    expect([r.session.action, r.profile.action]).toEqual(['update', 'update']);
    expect(r.text).toBe(`[sso-session acme]\r\nsso_start_url: ${URL}\r\n# the old region\r\nSSO_Region   =   eu-central-1\r\n\r\n[profile prod]\r\nregion = eu-west-1\r\nsso_session = acme\r\nsso_account_id = 111122223333\r\n; the role\r\nsso_role_name = ReadOnly\r\noutput = json\r\n`);
    expect(sameOutside(before, r.text, () => false)).toBe(false); // it did change something
    expect(sameOutside(before, r.text, (name) => name === 'sso-session acme' || name === 'profile prod')).toBe(true);
  });

  test('nothing to change: the same text', () => {
    const text = `${SESSION}\n[profile prod]\nsso_session = acme\nsso_account_id = 111122223333\nsso_role_name = Admin\n`;
    const r = configure(text, { given: { startUrl: URL } });
    expect([r.session.action, r.profile.action, r.text]).toEqual(['keep', 'keep', text]);
  });

  test('where two sections spell one profile, the one botocore reads (the later) is edited', () => {
    const before = `${SESSION}\n[profile prod]\nregion = a\n\n[profile "prod"]\nregion = b\n`;
    const r = configure(before);
    expect(r.text).toBe(`${SESSION}\n[profile prod]\nregion = a\n\n[profile "prod"]\nregion = b\nsso_session = acme\nsso_account_id = 111122223333\nsso_role_name = Admin\n`);
  });

  test('a key of ours that goes on over an indented line is refused, naming the line: the file is the user\'s to fix', () => {
    const before = `${SESSION}\n[profile prod]\nsso_role_name = Admin\n  region = eu-west-1\n`;
    expect(refusal(() => configure(before, { roleName: 'ReadOnly', force: true }))).toBe(
      "2 /home/u/.aws/config line 8: sso_role_name of [profile prod] goes on over this indented line, which the AWS CLI reads as part of its value. Unindent that line if it is a key of its own, or delete it.",
    );
  });

  test('a new section under [DEFAULT] reads with its keys, and the profile still resolves', () => {
    const before = '[DEFAULT]\noutput = json\n';
    const r = configure(before);
    const after = buildAwsConfig(parseIni(r.text, PATHS.configFile), null, PATHS);
    expect(after.profiles.get('prod')!.get('output')).toBe('json');
    expect(resolveSsoProfile(after, 'prod').session.name).toBe('acme');
  });
});
