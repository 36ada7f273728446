// planPopulate + editPopulate: golden files over config layouts (comments, CRLF, legacy and hand-written profiles,
// a second run with profiles of its own, [DEFAULT] and nested blocks), the byte-preservation invariant, and one table
// row per decision (names, what is updated, removed or left alone, and why).

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildAwsConfig } from '../../src/config/buildAwsConfig.ts';
import { parseIni } from '../../src/config/parseIni.ts';
import { resolveSsoProfile } from '../../src/config/resolveSsoProfile.ts';
import { classifyConfigSection } from '../../src/edit/configSectionName.ts';
import { editPopulate } from '../../src/edit/editPopulate.ts';
import { planPopulate, POPULATE_MARKER, whyCannotPopulate, type PopulatePlan } from '../../src/edit/planPopulate.ts';
import { checkTemplate, DEFAULT_TEMPLATE, profileNameFor, uniqueProfileNames, type Assignment } from '../../src/edit/populateNames.ts';
import { unifiedDiff } from '../../src/edit/unifiedDiff.ts';
import { KeyrackError } from '../../src/errors.ts';
import { expectGolden } from './goldenFile.ts';
import { sameOutside } from './preservedLines.ts';

const DIR = resolve(import.meta.dirname, '../fixtures/populate');
const PATHS = { configFile: '/home/u/.aws/config', credentialsFile: '/home/u/.aws/credentials' };

/** What the portal lists in every fixture: two accounts both named "prod", a name with spaces and one with symbols. */
const ASSIGNMENTS: Assignment[] = [
  { accountId: '111122223333', accountName: 'prod', roleName: 'Admin' },
  { accountId: '111122223333', accountName: 'prod', roleName: 'ReadOnly' },
  { accountId: '123456789012', accountName: 'Ünïcode & co', roleName: 'AdministratorAccess' },
  { accountId: '444455556666', accountName: 'Dev Sandbox', roleName: 'Developer' },
  { accountId: '777788889999', accountName: 'prod', roleName: 'ReadOnly' },
];

interface Options {
  readonly prune?: boolean;
  readonly region?: string;
  readonly template?: string;
  readonly credentials?: string;
  readonly assignments?: readonly Assignment[];
}

function populate(text: string, o: Options = {}): { plan: PopulatePlan; text: string; changed: ReadonlySet<string> } {
  const raw = parseIni(text, PATHS.configFile);
  const credentials = o.credentials === undefined ? null : parseIni(o.credentials, PATHS.credentialsFile);
  const config = buildAwsConfig(raw, credentials, PATHS);
  const plan = planPopulate({
    text, raw, config, credentials, session: 'acme', assignments: o.assignments ?? ASSIGNMENTS, template: o.template ?? DEFAULT_TEMPLATE, region: o.region, prune: o.prune ?? false,
  });
  const edit = editPopulate(text, raw, credentials, plan, PATHS);
  return { plan, ...edit };
}

/** The plan as plain data. */
const summary = (r: ReturnType<typeof populate>) => ({
  add: r.plan.add.map((p) => `${p.name} = ${p.assignment.accountId}/${p.assignment.roleName}`),
  update: r.plan.update.map((p) => `${p.name}${r.changed.has(p.name) ? ' (changed)' : ''}`),
  remove: r.plan.remove.map((p) => p.name),
  gone: r.plan.gone.map((p) => p.name),
  covered: r.plan.covered.map((c) => `${c.assignment.accountId}/${c.assignment.roleName} by ${c.name}`),
  skipped: r.plan.skipped.map((s) => `${s.what}: ${s.why}`),
});

/** Per fixture: its options (default: none), so each golden shows one decision. */
const OPTIONS: Record<string, Options> = {
  'second-run.config': { prune: true },
  'defaults-and-nested.config': { region: 'eu-west-1' },
};
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.config'));

describe.each(fixtures)('%s', (fixture) => {
  const before = readFileSync(join(DIR, fixture), 'utf8');
  const result = populate(before, OPTIONS[fixture]);
  const touched = new Set([...result.plan.update, ...result.plan.remove].map((p) => p.name));
  const isTouched = (section: string) => {
    const named = classifyConfigSection(section);
    return named?.kind === 'profile' && (touched.has(named.name) || result.plan.add.some((p) => p.name === named.name));
  };

  test('the populated file matches its golden file byte for byte', () => {
    expectGolden(join(DIR, fixture.replace(/\.config$/, '.populated')), result.text);
  });

  test('the dry-run diff matches its golden file', () => {
    expectGolden(join(DIR, fixture.replace(/\.config$/, '.diff')), unifiedDiff(before, result.text, { from: 'a/config', to: 'b/config' }));
  });

  test('every line outside the profiles it wrote is kept, line endings included', () => {
    expect(sameOutside(before, result.text, isTouched)).toBe(true);
  });

  test('every profile written resolves by the credential path rules to its account and role; the others read as before', () => {
    const after = buildAwsConfig(parseIni(result.text, PATHS.configFile), null, PATHS);
    for (const p of [...result.plan.add, ...result.plan.update]) {
      const resolved = resolveSsoProfile(after, p.name);
      expect([resolved.session.name, resolved.accountId, resolved.roleName]).toEqual(['acme', p.assignment.accountId, p.assignment.roleName]);
      expect(after.profiles.get(p.name)!.has('credential_process')).toBe(false);
      expect(after.profiles.get(p.name)!.get(POPULATE_MARKER)).toBe('acme');
    }
    const old = buildAwsConfig(parseIni(before, PATHS.configFile), null, PATHS);
    for (const [name, profile] of old.profiles) {
      if (touched.has(name)) continue;
      expect(after.profiles.get(name), name).toEqual(profile);
    }
    for (const p of result.plan.remove) expect(after.profiles.has(p.name)).toBe(false);
  });

  test('a second run over its own output changes nothing', () => {
    const again = populate(result.text, OPTIONS[fixture]);
    expect(again.text).toBe(result.text);
    expect(again.plan.add).toEqual([]);
    expect(again.changed.size).toBe(0);
  });
});

describe('the decisions', () => {
  const SESSION = '[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n';
  const own = (name: string, accountId: string, roleName: string, extra = '') =>
    `\n[profile ${name}]\nsso_session = acme\nsso_account_id = ${accountId}\nsso_role_name = ${roleName}\n${POPULATE_MARKER} = acme\n${extra}`;

  test('a fresh config gets one profile per assignment, named by the template, in name order', () => {
    expect(summary(populate(SESSION))).toEqual({
      add: [
        'Dev-Sandbox.Developer = 444455556666/Developer',
        'Unicode-co.AdministratorAccess = 123456789012/AdministratorAccess',
        'prod.Admin = 111122223333/Admin',
        'prod.ReadOnly-111122223333 = 111122223333/ReadOnly',
        'prod.ReadOnly-777788889999 = 777788889999/ReadOnly',
      ],
      update: [], remove: [], gone: [], covered: [], skipped: [],
    });
  });

  test('a populated profile is found by its account and role whatever its name, and keeps the name it has', () => {
    const r = summary(populate(SESSION + own('my-prod-admin', '111122223333', 'Admin')));
    expect(r.update).toEqual(['my-prod-admin']);
    expect(r.add).not.toContainEqual(expect.stringMatching(/= 111122223333\/Admin$/));
  });

  test('--region sets region on the profiles written; without it an existing region stays', () => {
    const text = SESSION + own('prod.Admin', '111122223333', 'Admin', 'region = us-west-2\n');
    expect(populate(text).text).toContain('region = us-west-2\n');
    const r = populate(text, { region: 'eu-west-1' });
    expect(summary(r).update).toEqual(['prod.Admin (changed)']);
    expect(r.text).toMatch(/\[profile prod\.Admin\]\n(?:.*\n){4}region = eu-west-1\n/); // in place, after the key
    expect(r.text).toMatch(/\[profile Dev-Sandbox\.Developer\]\n(?:.*\n){3}region = eu-west-1\nkeyrack_cp_populate = acme\n/);
  });

  test.each<{ rule: string; text: string; options?: Options; expected: Partial<ReturnType<typeof summary>> }>([
    {
      rule: 'a profile without the key is the user\'s, even with the template\'s name: left alone',
      text: `${SESSION}\n[profile prod.Admin]\nsso_session = acme\nsso_account_id = 111122223333\nsso_role_name = Admin\n`,
      expected: { update: [], skipped: [], covered: ['111122223333/Admin by prod.Admin'] },
    },
    {
      rule: 'an assignment the user\'s own profile of this session already serves gets no populated twin',
      text: `${SESSION}\n[profile mine]\nsso_session = acme\nsso_account_id = 444455556666\nsso_role_name = Developer\n`,
      expected: { covered: ['444455556666/Developer by mine'] },
    },
    {
      rule: 'the key inherited from [DEFAULT] does not make a profile populate\'s',
      text: `[DEFAULT]\n${POPULATE_MARKER} = acme\n\n${SESSION}\n[profile x]\nsso_session = acme\nsso_account_id = 111122223333\nsso_role_name = Admin\n`,
      expected: { update: [], gone: [] },
    },
    {
      rule: 'another session\'s populated profile is left alone, and never pruned',
      text: `${SESSION}\n[profile g]\nsso_session = globex\nsso_account_id = 999999999999\nsso_role_name = X\n${POPULATE_MARKER} = globex\n`,
      options: { prune: true },
      expected: { update: [], remove: [], gone: [] },
    },
    {
      rule: 'without --prune a profile whose assignment is gone is kept and reported',
      text: SESSION + own('old', '999999999999', 'Gone'),
      expected: { remove: [], gone: ['old'] },
    },
    {
      rule: 'with --prune it is removed',
      text: SESSION + own('old', '999999999999', 'Gone'),
      options: { prune: true },
      expected: { remove: ['old'], gone: [] },
    },
    {
      rule: '--prune keeps a profile another names as source_profile',
      text: `${SESSION}${own('old', '999999999999', 'Gone')}\n[profile chained]\nsource_profile = old\nrole_arn = arn:aws:iam::999999999999:role/x\n`,
      options: { prune: true },
      expected: { remove: [], gone: ['old'], skipped: ["profile 'old': its account or role is gone, but profile 'chained' names it as source_profile"] },
    },
    {
      rule: '--prune removes nothing when the service listed no account at all',
      text: SESSION + own('old', '999999999999', 'Gone'),
      options: { prune: true, assignments: [] },
      expected: { add: [], remove: [], gone: ['old'], skipped: ["profile 'old': the SSO service listed no account at all for this session, so nothing is removed"] },
    },
    {
      rule: 'a populated profile that also has credential_process is left alone (botocore and the JS SDK disagree on it)',
      text: SESSION + own('prod.Admin', '111122223333', 'Admin', 'credential_process = other-tool\n'),
      expected: { update: [], skipped: ["profile 'prod.Admin': it also has credential_process, and a profile with both it and sso_* keys resolves differently in botocore and the JS SDK; remove one of them"] },
    },
    {
      rule: 'a populated profile whose keys the credentials file also sets is left alone',
      text: SESSION + own('prod.Admin', '111122223333', 'Admin'),
      options: { credentials: '[prod.Admin]\nsso_role_name = Other\n' },
      expected: { update: [], skipped: [expect.stringMatching(/^profile 'prod.Admin': its sso_role_name is also set in the credentials file/)] as unknown as string[] },
    },
    {
      rule: 'a name the credentials file uses is taken',
      text: SESSION,
      options: { credentials: '[prod.Admin]\naws_access_key_id = AKIAEXAMPLE\n' },
      expected: { skipped: [] },
    },
    {
      rule: 'two populated profiles for one assignment: the first is kept up to date, the second said',
      text: SESSION + own('a', '111122223333', 'Admin') + own('b', '111122223333', 'Admin'),
      expected: { update: ['a'], skipped: ["profile 'b': populated for the same account and role as profile 'a', which is the one kept up to date"] },
    },
    {
      rule: 'an assignment the credential path would refuse (not a 12-digit id) is skipped with its rule',
      text: SESSION,
      options: { assignments: [{ accountId: '12345', accountName: 'short', roleName: 'Admin' }] },
      expected: { add: [], skipped: ["account 12345 role Admin: sso_account_id '12345' is not a 12-digit AWS account id"] },
    },
  ])('$rule', ({ text, options, expected }) => {
    expect(summary(populate(text, options))).toMatchObject(expected);
  });

  test('the template\'s name taken by the user\'s profile (of another role): the new one gets the account id', () => {
    const text = `${SESSION}\n[profile prod.Admin]\nsso_session = acme\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n`;
    expect(summary(populate(text)).add).toContain('prod.Admin-111122223333 = 111122223333/Admin');
  });

  test('[DEFAULT] with a credential_process is refused before anything is listed (exit 2)', () => {
    const text = `[DEFAULT]\ncredential_process = x\n\n${SESSION}`;
    expect(whyCannotPopulate(text)).toMatch(/^\[DEFAULT\] sets credential_process, which every profile inherits/);
    expect(() => populate(text)).toThrow(KeyrackError);
  });
});

describe('names', () => {
  const a = (accountName: string, roleName = 'Admin', accountId = '111122223333'): Assignment => ({ accountId, accountName, roleName });

  test.each([
    ['prod', '{account_name}.{role_name}', 'prod.Admin'],
    ['Dev Sandbox', '{account_name}.{role_name}', 'Dev-Sandbox.Admin'],
    ['$(rm -rf ~); `x`', '{account_name}.{role_name}', 'rm-rf-x.Admin'],
    ['Ünïcode Straße', '{account_name}', 'Unicode-Stra-e'],
    ['--prod--', '{account_name}', 'prod'],
    ['a/b:c@d', '{account_name}-{role_name}', 'a-b-c-d-Admin'],
    ['...', '{account_name}', '111122223333.Admin'],
    ['prod', '{role_name}-{account_id}', 'Admin-111122223333'],
    ['x'.repeat(300), '{account_name}', 'x'.repeat(128)],
  ])('%j with %s is %s', (accountName, template, name) => {
    expect(profileNameFor(template, a(accountName))).toBe(name);
  });

  test('collisions all get the account id, what still collides a number; taken and reserved names are avoided', () => {
    const list = [a('prod', 'Admin', '111111111111'), a('prod', 'Admin', '222222222222'), a('x', 'y')];
    expect(uniqueProfileNames('{account_name}.{role_name}', list, new Set(['x.y']))).toEqual(['prod.Admin-111111111111', 'prod.Admin-222222222222', 'x.y-111122223333']);
    expect(uniqueProfileNames('{account_name}', [a('default')], new Set())).toEqual(['default-111122223333']);
    expect(uniqueProfileNames('{account_name}', [a('p', 'A', '111111111111')], new Set(['p', 'p-111111111111']))).toEqual(['p-111111111111-2']);
  });

  test.each([
    ['{account}.{role_name}', /names \{account\}, which is not a field/],
    ['{account_name}', /does not name both the account and the role/],
    ['{role_name}', /does not name both the account and the role/],
  ])('--template %s is refused (exit 2)', (template, message) => {
    try {
      checkTemplate(template);
      expect.unreachable();
    } catch (error) {
      expect((error as KeyrackError).exitCode).toBe(2);
      expect((error as KeyrackError).describe()).toMatch(message);
    }
  });
});
