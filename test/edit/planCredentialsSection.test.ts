// planCredentialsSection: golden files over real-world credentials-file layouts, the byte-preservation invariant,
// and one table row per decision (refusals, the legacy token key, [DEFAULT]).

import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseIni } from '../../src/config/parseIni.ts';
import { EXPIRY_KEY, planCredentialsSection, whyNotOverwrite, type SectionCredentials } from '../../src/edit/planCredentialsSection.ts';
import { expectGolden } from './goldenFile.ts';
import { sameOutside } from './preservedLines.ts';

const DIR = resolve(import.meta.dirname, '../fixtures/write-credentials');
const FILE = '/home/u/.aws/credentials';
const CREDS: SectionCredentials = {
  accessKeyId: 'ASIANEWNEWNEWNEWNEW1',
  secretAccessKey: 'new/secret+access=key0123456789abcdefghij',
  sessionToken: 'IQoJb3JpZ2luX2VjEnewSessionToken//+=',
  expiration: '2026-11-22T13:00:00Z',
  accountId: '111122223333',
};

const plan = (text: string, section = 'dev-legacy-sso', force = false) =>
  planCredentialsSection(text, parseIni(text, FILE), section, CREDS, { force, file: FILE });

/** Fixture → the section written into it (the default output name, unless the layout is about another). */
const TARGET: Record<string, string> = { 'dotted-names.credentials': 'team.dev-legacy-sso' };
const fixtures = readdirSync(DIR).filter((f) => f.endsWith('.credentials'));

describe.each(fixtures)('%s', (fixture) => {
  const before = readFileSync(join(DIR, fixture), 'utf8');
  const section = TARGET[fixture] ?? 'dev-legacy-sso';
  const result = plan(before, section);
  if (result.kind !== 'write') throw new Error(`${fixture}: refused: ${result.why}`);

  test('matches its golden file byte for byte', () => {
    expectGolden(join(DIR, fixture.replace(/\.credentials$/, '.expected')), result.text);
  });

  test('every line outside the section is kept, line endings included', () => {
    expect(sameOutside(before, result.text, (name) => name === section)).toBe(true);
  });

  test('botocore rules read the section as exactly the new credentials, every other section as before', () => {
    const after = parseIni(result.text, FILE);
    const written = after.sections.get(section)!;
    expect(written.get('aws_access_key_id')).toBe(CREDS.accessKeyId);
    expect(written.get('aws_secret_access_key')).toBe(CREDS.secretAccessKey);
    expect(written.get('aws_session_token')).toBe(CREDS.sessionToken);
    expect(written.get(EXPIRY_KEY)).toBe(CREDS.expiration);
    // botocore reads aws_security_token first: if the section has one at all, it is ours.
    if (written.has('aws_security_token')) expect(written.get('aws_security_token')).toBe(CREDS.sessionToken);
    const old = parseIni(before, FILE);
    for (const [name, values] of old.sections) if (name !== section) expect(after.sections.get(name)).toEqual(values);
  });

  test('a second write of the same credentials changes nothing', () => {
    const again = plan(result.text, section);
    expect(again).toEqual({ kind: 'write', text: result.text, action: 'unchanged' });
  });
});

test('a missing file becomes the one section, ending with a newline', () => {
  const result = plan('');
  expect(result).toMatchObject({ kind: 'write', action: 'created' });
  expect(result.kind === 'write' && result.text).toBe(
    '[dev-legacy-sso]\naws_access_key_id = ASIANEWNEWNEWNEWNEW1\naws_secret_access_key = new/secret+access=key0123456789abcdefghij\n' +
      'aws_session_token = IQoJb3JpZ2luX2VjEnewSessionToken//+=\naws_account_id = 111122223333\nx_security_token_expires = 2026-11-22T13:00:00Z\n',
  );
});

test.each<{ rule: string; own: string[]; why: string | null }>([
  { rule: 'no section yet', own: [], why: null },
  { rule: 'other keys only', own: ['region', 'output'], why: null },
  { rule: 'temporary credentials (ours or another tool’s)', own: ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'], why: null },
  { rule: 'temporary credentials under the boto2 name', own: ['aws_access_key_id', 'aws_secret_access_key', 'aws_security_token'], why: null },
  { rule: 'long-term keys', own: ['aws_access_key_id', 'aws_secret_access_key'], why: 'holds long-term access keys (aws_access_key_id with no aws_session_token)' },
  { rule: 'an access key alone', own: ['aws_access_key_id'], why: 'holds long-term access keys (aws_access_key_id with no aws_session_token)' },
])('whyNotOverwrite: $rule', ({ own, why }) => {
  expect(whyNotOverwrite(new Set(own))).toBe(why);
});

describe('refusals leave the decision to the user', () => {
  const longTerm = '[dev-legacy-sso]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';

  test('long-term keys: refused without --force, the reason never quoting a key', () => {
    const result = plan(longTerm);
    expect(result).toMatchObject({ kind: 'refuse', why: expect.stringMatching(/long-term/), remedy: expect.stringMatching(/--force/) });
    expect(JSON.stringify(result)).not.toMatch(/AKIA|wJalr/);
  });

  test('long-term keys with --force: replaced in place', () => {
    const result = plan(longTerm, 'dev-legacy-sso', true);
    expect(result.kind === 'write' && parseIni(result.text, FILE).sections.get('dev-legacy-sso')!.get('aws_access_key_id')).toBe(CREDS.accessKeyId);
  });

  test('a key of ours that goes on over an indented line: refused even with --force (the line may be a key of its own)', () => {
    const text = '[dev-legacy-sso]\naws_session_token = old\n  region = eu-west-1\n';
    for (const force of [false, true]) {
      expect(plan(text, 'dev-legacy-sso', force)).toMatchObject({ kind: 'refuse', why: 'aws_session_token goes on over the indented line 3, which the AWS CLI reads as part of its value' });
    }
  });

  test('another key that goes on over indented lines is left alone', () => {
    const text = '[dev-legacy-sso]\ns3 =\n  addressing_style = path\n';
    const result = plan(text);
    expect(result.kind === 'write' && result.text.startsWith(text)).toBe(true);
  });
});

test.each<{ rule: string; text: string; hasLegacyToken: boolean }>([
  { rule: 'no aws_security_token anywhere: not written', text: '[a]\nregion = x\n', hasLegacyToken: false },
  { rule: 'the section has one: overwritten (botocore reads it first)', text: '[dev-legacy-sso]\naws_security_token = stale\n', hasLegacyToken: true },
  { rule: '[DEFAULT] has one: written, so the inherited one cannot win', text: '[DEFAULT]\naws_security_token = stale\n', hasLegacyToken: true },
])('aws_security_token: $rule', ({ text, hasLegacyToken }) => {
  const result = plan(text);
  if (result.kind !== 'write') throw new Error('refused');
  const section = parseIni(result.text, FILE).sections.get('dev-legacy-sso')!;
  expect(section.get('aws_security_token')).toBe(hasLegacyToken ? CREDS.sessionToken : undefined);
});

test('a new section still inherits [DEFAULT] keys, as botocore reads it (and the edit check expects it)', () => {
  const result = plan('[DEFAULT]\nregion = us-east-1\n');
  expect(result.kind === 'write' && parseIni(result.text, FILE).sections.get('dev-legacy-sso')!.get('region')).toBe('us-east-1');
});
