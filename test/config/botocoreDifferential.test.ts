// Differential test: our parser against the real botocore (python3 on PATH) on fixtures and generated configs.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildAwsConfig } from '../../src/config/buildAwsConfig.ts';
import { parseIni } from '../../src/config/parseIni.ts';
import type { AwsConfig, IniSection, RawIni } from '../../src/config/types.ts';
import { KeyrackError } from '../../src/errors.ts';

interface Case {
  name: string;
  config: string | null;
  credentials: string | null;
}

type Pairs = [string, string | Pairs][];
type Result = { error: true } | { raw: Pairs; profiles: Pairs; sso_sessions: Pairs; services: Pairs };

const FIXTURES = join(import.meta.dirname, '../fixtures/config');
const HELPER = join(import.meta.dirname, 'botocore_profile_map.py');
const GENERATED = 150;

const fixtureCases = (): Case[] => {
  const names = [...new Set(readdirSync(FIXTURES).map((f) => f.replace(/\.(config|credentials)$/, '')))].sort();
  const path = (file: string) => (existsSync(join(FIXTURES, file)) ? join(FIXTURES, file) : null);
  return names.map((name) => ({ name, config: path(`${name}.config`), credentials: path(`${name}.credentials`) }));
};

// ---- a seeded generator of small configs from lines that have tripped INI parsers ----

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CONFIG_HEADERS = [
  '[default]', '[profile dev]', '[profile  dev]', '[profile\tdev]', '[ profile dev ]', '[profile "my dev"]', "[profile 'dev']",
  '[profile "abc]', '[profiles dev]', '[profilex dev]', '[profile.dev]', '[profile a.b]', '[profile a b]', '[profile default]',
  '[Profile dev]', '[sso-session s]', '[sso-session "s s"]', '[sso-session  s]', '[services svc]', '[services "svc"]', '[DEFAULT]',
  '[default] # c', '  [profile p2]', '\t[sso-session s2]', '[profile p3] ; c', '[]', '[[x]]', '[profile a\\ b]', '[profile \\"q]',
  '[profile x]]', '[profile __proto__]', '[__proto__]', '[preview]', '[profile ""]', '[profile\u00a0nb]', '[profile 1]', '[profile 0]',
];
const CREDENTIAL_HEADERS = ['[dev]', '[default]', '[profile dev]', '[s]', '[DEFAULT]', '[my dev]', '[1]', '[__proto__]', '[ dev ]'];
const KEYS = [
  'region', 'Region', 'sso_session', 'SSO_START_URL', 'sso_region', 'sso_account_id', 'sso_role_name', 'output', 's3', 'my key',
  '__proto__', 'constructor', 'foo[]', 'ΣΑΣ', 'İd', 'x', 'y', 'endpoint_url', 'aws_access_key_id', 'key\u00a0nb', '2', '10',
];
const DELIMITERS = [' = ', '=', ': ', ' : ', ':', '\t=\t', ' =', '= '];
const VALUES = [
  'us-east-1', 'https://d-1.awsapps.com/start#/', '111122223333 # prod', 'json ; x', 'a=b=c', 'x: y', '"quoted"', '', '  spaced  ',
  'bar;baz', '%(region)s', 'v\x1f', '\x85v', 'a\u2028b', 'nul\x00byte', 'ünï', 'https://h:443/x',
];
const CONTINUATIONS = [
  '  max_concurrent_requests = 10', '\taddressing_style = path', '    deep = 1', '  Mixed_Case = Yes', '  bad nested', '  colon: nested',
  '  = novalue', '  [not a header]', '\t# indented comment', '  ; indented comment', '', '   ', '  a = 1\u2028b = 2', '  \tx = 1', '\x0cff = 1',
];
const STRAYS = ['no delimiter here', '= nokey', ': nokey', '#comment', '; comment', '', '   ', '[profile unclosed', '[a=b'];

function generate(random: () => number, headers: string[]): string {
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const lines: string[] = [];
  if (random() < 0.08) lines.push(pick(STRAYS)); // before any header
  const sections = 1 + Math.floor(random() * 4);
  for (let s = 0; s < sections; s++) {
    lines.push(pick(headers));
    const items = Math.floor(random() * 5);
    for (let i = 0; i < items; i++) {
      const r = random();
      if (r < 0.06) lines.push(pick(STRAYS));
      else if (r < 0.15) lines.push(pick(['', '# c', '  ; c']));
      else {
        const key = pick(KEYS);
        lines.push(`${random() < 0.1 ? pick(['  ', '\t']) : ''}${key}${pick(DELIMITERS)}${random() < 0.35 ? '' : pick(VALUES)}`);
        if (random() < 0.3) for (let c = 1 + Math.floor(random() * 3); c > 0; c--) lines.push(pick(CONTINUATIONS));
      }
    }
  }
  let text = '';
  for (const line of lines) text += line + pick(['\n', '\n', '\n', '\n', '\n', '\n', '\r\n', '\r']);
  if (random() < 0.15) text = text.replace(/[\r\n]+$/, '');
  if (random() < 0.04) text = `\ufeff${text}`;
  return text;
}

function generatedCases(dir: string): Case[] {
  const random = mulberry32(20240611);
  return Array.from({ length: GENERATED }, (_, i) => {
    const config = join(dir, `gen-${i}.config`);
    const bytes = Buffer.from(generate(random, CONFIG_HEADERS), 'utf8');
    // A few files get a byte that is not UTF-8 somewhere.
    writeFileSync(config, random() < 0.04 ? Buffer.concat([bytes, Buffer.from([0xc3, 0x28])]) : bytes);
    let credentials: string | null = null;
    if (random() < 0.3) {
      credentials = join(dir, `gen-${i}.credentials`);
      writeFileSync(credentials, generate(random, CREDENTIAL_HEADERS));
    }
    return { name: `generated #${i}`, config, credentials };
  });
}

// ---- both readers ----

function runBotocore(cases: Case[]): Result[] {
  const input = cases.map((c) => JSON.stringify({ config: c.config, credentials: c.credentials })).join('\n') + '\n';
  // UTF-8 mode: what the AWS CLI does under any UTF-8 locale, whatever locale runs the tests.
  const run = spawnSync('python3', [HELPER, '--batch'], { input, encoding: 'utf8', env: { ...process.env, PYTHONUTF8: '1' }, maxBuffer: 64 << 20 });
  if (run.status !== 0) throw new Error(`botocore helper failed: ${run.error ?? run.stderr}`);
  const answers = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as Result);
  expect(answers).toHaveLength(cases.length);
  return answers;
}

const pairs = (sections: ReadonlyMap<string, IniSection>): Pairs =>
  [...sections].map(([name, section]) => [name, [...section].map(([k, v]) => [k, typeof v === 'string' ? v : [...v]] as [string, string | Pairs])]);

function ours(c: Case): Result {
  const read = (file: string | null) => (file === null ? null : parseIni(readFileSync(file), file));
  let raw: RawIni | null;
  let config: AwsConfig;
  try {
    raw = read(c.config);
    config = buildAwsConfig(raw, read(c.credentials), { configFile: c.config ?? '', credentialsFile: c.credentials ?? '' });
  } catch (error) {
    // A refusal must be ours, exit 2, and point at a line of one of the two files.
    expect(error).toBeInstanceOf(KeyrackError);
    const { exitCode, subject } = error as KeyrackError;
    expect(exitCode).toBe(2);
    expect([c.config, c.credentials].some((file) => file !== null && new RegExp(`^${escape(file)} line [1-9][0-9]*$`).test(subject))).toBe(true);
    return { error: true };
  }
  return { raw: pairs(raw?.sections ?? new Map()), profiles: pairs(config.profiles), sso_sessions: pairs(config.ssoSessions), services: pairs(config.services) };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---- the tests ----

const dir = mkdtempSync(join(tmpdir(), 'keyrack-config-diff-'));
const fixtures = fixtureCases();
const generated = generatedCases(dir);
const cases = [...fixtures, ...generated];
let expected: Result[] = [];

beforeAll(() => {
  expected = runBotocore(cases);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reads every file exactly as botocore does', () => {
  test('there are enough fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(40);
  });

  test.each(cases.map((c, index) => ({ ...c, index })))('$name', (c) => {
    expect(ours(c)).toEqual(expected[c.index]);
  });

  test('the generated configs exercise both accepted and refused files', () => {
    const refused = expected.slice(fixtures.length).filter((r) => 'error' in r).length;
    expect(refused).toBeGreaterThanOrEqual(GENERATED * 0.1);
    expect(GENERATED - refused).toBeGreaterThanOrEqual(GENERATED * 0.3);
  });
});
