// planMigration + editMigration: golden files over real-world config layouts, the byte-preservation invariant, and
// one table row per decision (what moves, what is left with which reason, session names).

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildAwsConfig } from '../../src/config/buildAwsConfig.ts';
import { parseIni } from '../../src/config/parseIni.ts';
import { classifyConfigSection } from '../../src/edit/configSectionName.ts';
import { scanIni } from '../../src/edit/iniLines.ts';
import { editMigration } from '../../src/edit/editMigration.ts';
import { planMigration, type MigrationPlan } from '../../src/edit/planMigration.ts';
import { unifiedDiff } from '../../src/edit/unifiedDiff.ts';
import { KeyrackError } from '../../src/errors.ts';
import { expectGolden } from './goldenFile.ts';
import { sameOutside } from './preservedLines.ts';

const DIR = resolve(import.meta.dirname, '../fixtures/migrate');
const FILE = '/home/u/.aws/config';

function migrate(text: string, options: { sessionName?: string; credentials?: string } = {}): { plan: MigrationPlan; text: string } {
  const raw = parseIni(text, FILE);
  const credentials = options.credentials === undefined ? null : parseIni(options.credentials, '/home/u/.aws/credentials');
  const config = buildAwsConfig(raw, credentials, { configFile: FILE, credentialsFile: '/home/u/.aws/credentials' });
  const plan = planMigration({ text, raw, config, credentials, sessionName: options.sessionName });
  return { plan, text: plan.groups.length > 0 ? editMigration(text, raw, plan, FILE) : text };
}

/** The plan as plain data: session → profiles, and profile → why it stayed. */
const summary = (plan: MigrationPlan) => ({
  sessions: plan.groups.map((g) => `${g.name}${g.exists ? ' (existing)' : ''}: ${g.profiles.map((p) => p.name).join(', ')}`),
  skipped: plan.skipped.map((s) => `${s.profile}: ${s.why}`),
});

const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.config'));

describe.each(fixtures)('%s', (fixture) => {
  const before = readFileSync(join(DIR, fixture), 'utf8');
  const { plan, text: after } = migrate(before);
  const migrated = new Set(plan.groups.flatMap((g) => g.profiles.map((p) => p.name)));
  // The raw sections the edit may change: each moved profile's (the one the CLI reads), and the new sessions.
  const editedSections = new Set(plan.groups.flatMap((g) => g.profiles.map((p) => scanIni(before).sections[p.section]!.name)));
  const touched = (section: string) => {
    const named = classifyConfigSection(section);
    return editedSections.has(section) || (named?.kind === 'sso-session' && plan.groups.some((g) => !g.exists && g.name === named.name));
  };

  test('the migrated file matches its golden file byte for byte', () => {
    expectGolden(join(DIR, fixture.replace(/\.config$/, '.migrated')), after);
  });

  test('the dry-run diff matches its golden file', () => {
    expectGolden(join(DIR, fixture.replace(/\.config$/, '.diff')), unifiedDiff(before, after, { from: 'a/config', to: 'b/config' }));
  });

  test('every line outside the migrated profiles is kept, line endings included', () => {
    expect(sameOutside(before, after, touched)).toBe(true);
  });

  test('in the migrated profiles only the moved keys go and sso_session comes', () => {
    // Line by line: each migrated section, less its moved keys (and their continuation lines), is the new section less its sso_session line.
    const own = (text: string, keep: (key: string) => boolean) => {
      const scan = scanIni(text);
      return scan.sections
        .filter((s) => editedSections.has(s.name))
        .map((s) => [s.header, ...s.options.filter((o) => keep(o.key)).flatMap((o) => o.lines)].sort((x, y) => x - y).map((i) => scan.lines[i]!.text));
    };
    const moved = ['sso_start_url', 'sso_region', 'sso_registration_scopes'];
    expect(own(after, (k) => k !== 'sso_session')).toEqual(own(before, (k) => !moved.includes(k)));
    const oldConfig = buildAwsConfig(parseIni(before, FILE), null, { configFile: FILE, credentialsFile: '' });
    const newConfig = buildAwsConfig(parseIni(after, FILE), null, { configFile: FILE, credentialsFile: '' });
    for (const [name, profile] of oldConfig.profiles) {
      const now = newConfig.profiles.get(name)!;
      if (!migrated.has(name)) {
        expect(now).toEqual(profile);
        continue;
      }
      const group = plan.groups.find((g) => g.profiles.some((p) => p.name === name))!;
      const expected = new Map(profile);
      for (const key of ['sso_start_url', 'sso_region', 'sso_registration_scopes']) expected.delete(key);
      expected.set('sso_session', group.name);
      expect(new Map([...now].sort())).toEqual(new Map([...expected].sort()));
      // What the profile used to say is now said by its session.
      const session = newConfig.ssoSessions.get(group.name)!;
      expect(session.get('sso_start_url')).toBe(profile.get('sso_start_url'));
      expect(session.get('sso_region')).toBe(profile.get('sso_region'));
    }
  });

  test('a second run finds nothing to move: idempotent', () => {
    const again = migrate(after);
    expect(again.plan.groups).toEqual([]);
    expect(again.text).toBe(after);
  });
});

test.each<{ fixture: string; sessions: string[]; skipped: string[] }>([
  { fixture: 'basic.config', sessions: ['my-sso-portal: default'], skipped: [] },
  { fixture: 'crlf.config', sessions: ['acme: dev, prod'], skipped: [] },
  { fixture: 'dotted-names.config', sessions: ['d-9067a1b2c3: team.prod, my name, prefixed'], skipped: [] },
  {
    fixture: 'reuse-and-groups.config',
    sessions: ['corp (existing): legacy-corp', 'acme: acme-us', 'acme-2: acme-eu'],
    skipped: [],
  },
  {
    fixture: 'conflicts.config',
    sessions: ['acme: fine'],
    skipped: [
      'no-region: sso_region is missing',
      'no-start-url: sso_start_url is missing',
      'scopes-a: its profiles for https://other.awsapps.com/start (eu-west-1) name different sso_registration_scopes (sso:account:access / sso:account:access,codewhisperer:completions); make them equal or remove them',
      'scopes-b: its profiles for https://other.awsapps.com/start (eu-west-1) name different sso_registration_scopes (sso:account:access / sso:account:access,codewhisperer:completions); make them equal or remove them',
      'multi-line: sso_start_url spans several lines',
      'region-differs: it and [sso-session acme] would both set region, with different values, which the AWS CLI refuses',
    ],
  },
  { fixture: 'shadowed-default.config', sessions: ['acme: default'], skipped: [] },
  { fixture: 'already-migrated.config', sessions: [], skipped: [] },
])('plan for $fixture', ({ fixture, sessions, skipped }) => {
  expect(summary(migrate(readFileSync(join(DIR, fixture), 'utf8')).plan)).toEqual({ sessions, skipped });
});

describe('decisions', () => {
  const legacy = (name: string, extra = '') =>
    `[profile ${name}]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = R\n${extra}`;

  test.each<{ rule: string; text: string; credentials?: string; skipped: string[] }>([
    {
      rule: 'sso_region inherited from [DEFAULT] cannot be removed from the profile',
      text: '[DEFAULT]\nsso_region = us-east-1\n[profile a]\nsso_start_url = https://acme.awsapps.com/start\nsso_account_id = 1\nsso_role_name = R\n',
      skipped: ['a: its sso_region comes from [DEFAULT], which every profile and session shares'],
    },
    {
      rule: '[DEFAULT] also setting a moved key would show through once the profile’s is gone',
      text: `[DEFAULT]\nsso_registration_scopes = x\n${legacy('a', 'sso_registration_scopes = x\n')}`,
      skipped: ["a: [DEFAULT] also sets sso_registration_scopes: without the profile's own value, that one would apply"],
    },
    {
      rule: 'SSO keys in the credentials file are out of reach of a config edit',
      text: legacy('a'),
      credentials: '[a]\nsso_region = us-east-1\n',
      skipped: ['a: its sso_region is in the credentials file /home/u/.aws/credentials; move them to the profile in the config file first'],
    },
    {
      rule: 'a nested sso_start_url is not a value to group by',
      text: '[profile a]\nsso_start_url =\n  x = y\nsso_region = us-east-1\n',
      skipped: ['a: sso_start_url is a nested block'],
    },
    {
      rule: 'an empty region says nothing',
      text: '[profile a]\nsso_start_url = https://acme.awsapps.com/start\nsso_region =\n',
      skipped: ['a: sso_region is empty'],
    },
    {
      rule: 'an existing session whose scopes differ from the profile’s',
      text: `[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n${legacy('a', 'sso_registration_scopes = sso:account:access\n')}`,
      skipped: ["a: its sso_registration_scopes 'sso:account:access' differ from those of the existing [sso-session acme]"],
    },
  ])('$rule', ({ text, credentials, skipped }) => {
    const { plan, text: after } = migrate(text, { credentials });
    expect(plan.skipped.map((s) => `${s.profile}: ${s.why}`)).toEqual(skipped);
    expect(after).toBe(text);
  });

  test('profiles with an sso_session are never touched, even with legacy keys beside it', () => {
    const text = '[profile a]\nsso_session = s\nsso_start_url = https://acme.awsapps.com/start\n[sso-session s]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n';
    expect(migrate(text).plan).toEqual({ groups: [], skipped: [] });
  });

  test('a profile’s own scopes move into the new session', () => {
    const { text } = migrate(legacy('a', 'sso_registration_scopes = sso:account:access,codewhisperer:completions\n'));
    expect(text).toContain('[sso-session acme]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access,codewhisperer:completions\n');
    expect(text).not.toMatch(/\[profile a\][^[]*sso_registration_scopes/);
  });

  test('--session-name names the one new session', () => {
    const { plan, text } = migrate(legacy('a') + legacy('b'), { sessionName: 'work' });
    expect(summary(plan).sessions).toEqual(['work: a, b']);
    expect(text).toContain('[sso-session work]');
  });

  test('--session-name of an existing session with the same values reuses it', () => {
    const existing = '[sso-session work]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\n';
    expect(summary(migrate(existing + legacy('a'), { sessionName: 'work' }).plan).sessions).toEqual(['work (existing): a']);
  });

  test.each<{ rule: string; text: string; name: string; message: RegExp }>([
    { rule: 'two groups', text: `${legacy('a')}[profile b]\nsso_start_url = https://other.awsapps.com/start\nsso_region = us-east-1\n`, name: 'work', message: /names one session, but the legacy profiles use 2 different start URLs/ },
    { rule: 'a name the SDKs read differently', text: legacy('a'), name: 'my work', message: /is not a name the AWS SDKs all read the same way/ },
    { rule: 'an existing session for another start URL', text: `[sso-session work]\nsso_start_url = https://other.awsapps.com/start\nsso_region = us-east-1\n${legacy('a')}`, name: 'work', message: /sso-session 'work': already exists/ },
  ])('--session-name refused (exit 2): $rule', ({ text, name, message }) => {
    try {
      migrate(text, { sessionName: name });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KeyrackError);
      expect((error as KeyrackError).exitCode).toBe(2);
      expect((error as KeyrackError).describe()).toMatch(message);
    }
  });

  test('new session names are unique against existing sessions and each other', () => {
    const text = '[sso-session acme]\nsso_start_url = https://acme.awsapps.com/other\nsso_region = us-east-1\n' + legacy('a') +
      '[profile b]\nsso_start_url = https://acme.awsapps.com/start/\nsso_region = us-east-1\n';
    expect(summary(migrate(text).plan).sessions).toEqual(['acme-2: a', 'acme-3: b']);
  });
});
