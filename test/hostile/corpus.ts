// The seeded hostile-input corpus for test/e2e/hostile.test.ts: config files, token-cache files, role-credential
// cache entries and profile names a broken editor, a bad sync tool or an attacker could leave. Same seed, same corpus.

import { getRoleCredentialCachePath } from '../../src/credentials/roleCredentialCachePath.ts';
import { getTokenCachePath } from '../../src/token/tokenCachePath.ts';
import { HOST_PLATFORM } from '../helpers/hostPlatform.ts';

export const CORPUS_SEED = 20261201;

type Random = () => number;

/** mulberry32: tiny, fast and good enough to pick junk; the same seed gives the same stream everywhere. */
function mulberry32(seed: number): Random {
  let s = seed | 0;
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a run needs that only exists at run time: the emulator's own valid token document and the clock. */
export interface Context {
  /** The token `aws sso login` would have written for sso-session 'acme', an hour left, refreshable at the emulator. */
  readonly token: Readonly<Record<string, unknown>>;
  /** Five minutes ahead (inside the refresh window, still usable) and five minutes past, as the CLI writes them. */
  readonly soon: string;
  readonly past: string;
}

/**
 * What to put in the sandbox before the run, in order, over the baseline (the valid config of
 * test/helpers/sandbox.ts and a valid token). Paths are relative to HOME, or to a directory beside HOME that is
 * not in it when they start with `@outside/`.
 */
export type Entry =
  | { readonly kind: 'file'; readonly path: string; readonly bytes: (ctx: Context) => Buffer | string; readonly old?: boolean }
  | { readonly kind: 'dir'; readonly path: string; readonly old?: boolean }
  | { readonly kind: 'symlink'; readonly path: string; readonly target: string }
  | { readonly kind: 'fifo'; readonly path: string }
  | { readonly kind: 'remove'; readonly path: string };

export type ExitCode = 0 | 1 | 2 | 3;

export interface HostileCase {
  /** Unique and stable: `<group>/<kind>-<n>`. */
  readonly id: string;
  readonly entries: readonly Entry[];
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  /** The exit codes the contract allows for this input. 0 also means: credentials on stdout. */
  readonly codes: readonly ExitCode[];
  /** What the one paragraph must say when the run fails: a pattern, or the text it starts with. */
  readonly stderr?: RegExp | string;
  /** Role credentials from the role-credential cache entry (CACHED_KEY_ID), not freshly issued: surely, or maybe. */
  readonly cacheHit?: 'yes' | 'maybe';
  /** The access key id of that entry, when not CACHED_KEY_ID. */
  readonly cachedKeyId?: string;
}

export interface Corpus {
  readonly configs: readonly HostileCase[];
  readonly tokens: readonly HostileCase[];
  readonly roleCaches: readonly HostileCase[];
  readonly names: readonly HostileCase[];
}

const TOKEN = getTokenCachePath('', 'acme', HOST_PLATFORM);
/** The access key id of the role credentials the corpus's cache entries hold. */
export const CACHED_KEY_ID = 'ASIACACHEDHOSTILE000';
const ROLE_CACHE = getRoleCredentialCachePath('', { accountId: '111122223333', roleName: 'ReadOnly', sessionName: 'acme' }, HOST_PLATFORM);
const CONFIG = '.aws/config';
const CREDENTIALS = '.aws/credentials';
const DEV = ['--profile', 'dev'] as const;
const MB = 1 << 20;

/** The baseline profile and session (test/helpers/sandbox.ts CONFIG), kept as separate blocks to shuffle junk in. */
const PROFILE_DEV = '[profile dev]\nsso_session = acme\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = eu-west-1\n';
const SESSION_ACME = '[sso-session acme]\nsso_start_url = https://d-abc.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n';
const VALID = `${PROFILE_DEV}\n${SESSION_ACME}`;

// A refusal of the file names it and a line; a config error otherwise names the profile or the session.
const AT_LINE = (file: string) => new RegExp(`^keyrack-cp: [^\\n]*/\\.aws/${file} line [1-9]\\d*: `);
const CONFIG_LINE = AT_LINE('config');

export function generateCorpus(seed = CORPUS_SEED): Corpus {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  /** A seed for random bytes made when the file is written (10 MB of them are not kept in the corpus). */
  const childSeed = () => Math.floor(random() * 2 ** 31);
  return { configs: configCases(random, pick, int, childSeed), tokens: tokenCases(random, pick, int, childSeed), roleCaches: roleCacheCases(pick, int, childSeed), names: nameCases() };
}

type Pick = <T>(list: readonly T[]) => T;
type Int = (min: number, max: number) => number;

// ---- junk ----

function randomBytes(seed: number, length: number): Buffer {
  const random = mulberry32(seed);
  const out = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i += 4) {
    const word = Math.floor(random() * 2 ** 32);
    for (let b = 0; b < 4 && i + b < length; b++) out[i + b] = (word >>> (8 * b)) & 0xff;
  }
  return out;
}

/** Random code points that are valid UTF-8: control characters, odd whitespace, surrogate-free astral, RTL marks. */
function randomText(random: Random, length: number): string {
  const RANGES: Array<[number, number]> = [[0x00, 0x1f], [0x20, 0x7e], [0x20, 0x7e], [0x7f, 0xff], [0x2000, 0x206f], [0xfeff, 0xfeff], [0x1f600, 0x1f64f], [0x0400, 0x04ff]];
  let text = '';
  for (let i = 0; i < length; i++) {
    const [lo, hi] = RANGES[Math.floor(random() * RANGES.length)]!;
    text += String.fromCodePoint(lo + Math.floor(random() * (hi - lo + 1)));
  }
  return text;
}

const HEADERS = [
  '[default]', '[profile dev]', '[profile  dev]', '[ profile dev ]', '[profile "my dev"]', "[profile 'dev']", '[profile "abc]',
  '[profiles dev]', '[profile.dev]', '[profile a b c]', '[Profile dev]', '[sso-session acme]', '[sso-session "a c"]', '[sso-session]',
  '[services svc]', '[services]', '[DEFAULT]', '[default] # c', '  [profile p2]', '[]', '[[x]]', '[profile a\\ b]', '[profile x]]',
  '[profile __proto__]', '[__proto__]', '[constructor]', '[profile constructor]', '[preview]', '[profile ""]', '[profile\u00a0nb]',
  '[profile $(touch pwned)]', '[profile `id`]', '[profile ../../etc/passwd]', '[sso-session ../../x]', '[profile a;rm -rf ~]',
  '[profile %s%n%x]', '[profile {{x}}]', '[profile \u202eved]', '[profile \u200bdev]', '[profile ДЕВ]', '[profile 😀]', '[',
  '[profile unclosed', '[a=b]', '[=]', '[:]', '[#]', '[;]', '[\\]', '[profile \\"q]', '[profile dev] extra', '[[profile dev]]',
];
const KEYS = [
  'region', 'Region', 'sso_session', 'SSO_START_URL', 'sso_region', 'sso_account_id', 'sso_role_name', 'sso_registration_scopes',
  'credential_process', 'endpoint_url', 'services', 'output', 's3', 'my key', '__proto__', 'constructor', 'prototype', 'toString',
  'foo[]', 'ΣΑΣ', 'İd', 'x', '2', 'key\u00a0nb', 'aws_access_key_id', 'aws_secret_access_key', 'use_fips_endpoint',
  'ignore_configured_endpoint_urls', '$(touch pwned)', '`id`', '../../x', '%(region)s', 'k\u2028k',
];
const DELIMITERS = [' = ', '=', ': ', ':', '\t=\t', ' =', '= ', ' == ', ' := '];
const VALUES = [
  'us-east-1', 'https://d-1.awsapps.com/start#/', '111122223333', '111122223333 # prod', 'ReadOnly', 'acme', 'json ; x', 'a=b=c',
  '"quoted"', '', '  spaced  ', '%(region)s', '%', '${HOME}', '$(touch pwned)', '`touch pwned`', 'a;touch pwned', 'a|touch pwned',
  'keyrack-cp --profile dev', '/usr/bin/keyrack-cp --profile default', 'http://169.254.169.254/latest', 'file:///etc/passwd',
  'ftp://x', 'https://h:443/x', 'v\x1f', '\x85v', 'a\u2028b', 'nul\x00byte', '\x1b[31mred\x1b[0m', 'ünï', '😀', 'true', 'TRUE', '-1', '1e309',
];
const CONTINUATIONS = [
  '  max_concurrent_requests = 10', '\taddressing_style = path', '    deep = 1', '  bad nested', '  colon: nested', '  = novalue',
  '  [not a header]', '\t# indented comment', '', '   ', '  a = 1\u2028b = 2', '\x0cff = 1', '  endpoint_url = https://x',
];
const STRAYS = ['no delimiter here', '= nokey', ': nokey', '#comment', '; comment', '', '   ', '\x00', '\x1b[2J'];
const NEWLINES = ['\n', '\n', '\n', '\n', '\r\n', '\r'];

/** A random section with random keys: the kind of file a botched merge or a bad template leaves. */
function junkSection(random: Random, pick: Pick, int: Int): string {
  const lines = [pick(HEADERS)];
  for (let i = int(0, 6); i > 0; i--) {
    const r = random();
    if (r < 0.08) lines.push(pick(STRAYS));
    else if (r < 0.15) lines.push(pick(['', '# c', '  ; c']));
    else {
      lines.push(`${random() < 0.1 ? pick(['  ', '\t']) : ''}${pick(KEYS)}${pick(DELIMITERS)}${random() < 0.25 ? '' : pick(VALUES)}`);
      if (random() < 0.3) for (let c = int(1, 3); c > 0; c--) lines.push(pick(CONTINUATIONS));
    }
  }
  return lines.join('\n');
}

// ---- config files (and the credentials file, which the same reader reads) ----

function configCases(random: Random, pick: Pick, int: Int, childSeed: () => number): HostileCase[] {
  const cases: HostileCase[] = [];
  const add = (kind: string, entries: Entry[], codes: ExitCode[], extra: Partial<HostileCase> = {}) =>
    cases.push({ id: `config/${kind}-${String(cases.filter((c) => c.id.startsWith(`config/${kind}-`)).length).padStart(3, '0')}`, entries, args: DEV, codes, ...extra });
  const config = (text: string | Buffer): Entry => ({ kind: 'file', path: CONFIG, bytes: () => text });

  // Random sections and keys around the valid profile and session: dev still works unless the junk collides with
  // it (a repeated section or key, a line the CLI refuses), which is exit 2; the junk never reaches the network,
  // since the run's AWS_ENDPOINT_URL_SSO* outrank any endpoint in the file.
  for (let i = 0; i < 100; i++) {
    const blocks = [PROFILE_DEV, SESSION_ACME];
    const junk = int(1, 5);
    for (let j = 0; j < junk; j++) blocks.splice(int(0, blocks.length), 0, junkSection(random, pick, int));
    if (random() < 0.1) blocks.unshift(pick(STRAYS));
    const newline = pick(NEWLINES);
    let text = blocks.join('\n\n').replace(/\n/g, newline);
    if (random() < 0.2) text = text.replace(/\s+$/, '');
    const profile = random() < 0.85 ? 'dev' : pick(['default', 'my dev', 'dev ', 'p2', '__proto__', 'constructor', '$(touch pwned)', '../../etc/passwd']);
    add('random', [config(text)], profile === 'dev' ? [0, 2] : [0, 2, 3], { args: ['--profile', profile] });
  }

  // Binary junk: not UTF-8, so the file is refused at the line of the first bad byte.
  for (let i = 0; i < 12; i++) {
    const s = childSeed();
    const size = pick([1, 7, 100, 4096, 65536]);
    add('binary', [{ kind: 'file', path: CONFIG, bytes: () => Buffer.concat([Buffer.from([0xff, 0xfe]), randomBytes(s, size)]) }], [2], { stderr: CONFIG_LINE });
  }
  for (let i = 0; i < 8; i++) {
    const s = childSeed();
    const where = int(0, VALID.length);
    const size = pick([1, 16, 512]);
    add('binary-inside', [{ kind: 'file', path: CONFIG, bytes: () => Buffer.concat([Buffer.from(VALID.slice(0, where)), Buffer.from([0xc3, 0x28]), randomBytes(s, size), Buffer.from(VALID.slice(where))]) }], [2], { stderr: CONFIG_LINE });
  }
  // Valid UTF-8 that is pure noise: control characters, odd spaces, emoji, RTL marks.
  for (let i = 0; i < 8; i++) {
    const text = randomText(random, int(1, 3000));
    add('noise', [config(random() < 0.5 ? text : `${VALID}${text}`)], [0, 2]);
  }

  // NUL bytes: in a header, a key, a value, or the whole file.
  for (let i = 0; i < 15; i++) {
    let text = VALID;
    for (let n = int(1, 4); n > 0; n--) {
      const at = int(0, text.length);
      text = `${text.slice(0, at)}${'\0'.repeat(int(1, 3))}${text.slice(at)}`;
    }
    add('nul', [config(text)], [0, 2]);
  }
  add('nul', [config(Buffer.alloc(4096))], [2], { stderr: CONFIG_LINE });
  add('nul', [config(`${VALID}\0`)], [2], { stderr: CONFIG_LINE });

  // A byte-order mark, as Windows editors write it: the AWS CLI refuses the file.
  add('bom', [config(`\ufeff${VALID}`)], [2], { stderr: /byte-order mark/ });
  add('bom', [config(`\ufeff\r\n${VALID}`)], [2], { stderr: CONFIG_LINE });
  add('bom', [config(`${VALID}\ufeff`)], [2], { stderr: CONFIG_LINE });
  add('bom', [config(`${PROFILE_DEV}\ufeff${SESSION_ACME}`)], [2], { stderr: CONFIG_LINE });
  add('bom', [config(VALID), { kind: 'file', path: CREDENTIALS, bytes: () => '\ufeff[dev]\nregion = x\n' }], [2], { stderr: AT_LINE('credentials') });
  add('bom', [config(Buffer.from(`\ufeff${VALID}`, 'utf16le'))], [2], { stderr: CONFIG_LINE });

  // Line endings: CRLF, old-Mac CR, mixed, and a file without a final newline all mean the same file.
  for (const newline of ['\r\n', '\r', '\n\r', '\r\r\n']) add('newlines', [config(VALID.replace(/\n/g, newline))], [0]);
  for (let i = 0; i < 6; i++) add('newlines', [config(VALID.replace(/\n/g, () => pick(NEWLINES)).replace(/\s+$/, ''))], [0]);

  // 10 MB files, each shape a different path through the reader.
  const tenMb = (s: string) => s.repeat(Math.ceil((10 * MB) / s.length));
  const s10 = childSeed();
  add('10mb', [{ kind: 'file', path: CONFIG, bytes: () => randomBytes(s10, 10 * MB) }], [2], { stderr: CONFIG_LINE });
  add('10mb', [config(`${VALID}[profile big]\nnote = ${'x'.repeat(10 * MB)}\n`)], [0]);
  add('10mb', [config(`${VALID}${tenMb('# a comment line that goes on for a while, as generated files have\n')}`)], [0]);
  add('10mb', [config(`${VALID}[profile big]\ns3 =\n${tenMb('  max_concurrent_requests = 10\n')}`)], [0]);
  add('10mb', [config(`${VALID}[profile big]\nnote = x${' '.repeat(10 * MB)}y\n`)], [0]);
  add('10mb', [config(`${VALID}[profile big]\n${tenMb('\n')}note = x\n`)], [0]);
  add('10mb', [config(`${VALID}[profile big]\nnote = ${tenMb('. ')}x\n`)], [0]);
  add('10mb', [config(tenMb('\0'))], [2], { stderr: CONFIG_LINE });
  add('10mb', [config(VALID), { kind: 'file', path: CREDENTIALS, bytes: () => `[other]\nnote = ${'y'.repeat(10 * MB)}\n` }], [0]);
  // What aws-sso-util or granted generate for a large organisation: a profile per account and role, 77,000 of them.
  const generated = Array.from({ length: 77_000 }, (_, i) => `[profile acct-${String(i).padStart(12, '0')}-ReadOnly]\nsso_session = acme\nsso_account_id = ${String(i).padStart(12, '0')}\nsso_role_name = ReadOnly\nregion = us-east-1\n`).join('\n');
  add('10mb', [config(`${generated}\n${VALID}`)], [0]);
  add('10mb', [config(`${generated}\n${VALID}`)], [2], { args: ['--profile', 'missing'], stderr: /^keyrack-cp: profile 'missing': is not defined in .*Use --profile with an sso-session profile: acct-000000000000-ReadOnly, /s });

  // Very long lines: a header, a key, a value, a profile's own values, and runs that make naive regexps backtrack.
  const long = (n: number) => 'a'.repeat(n);
  add('long-line', [config(`${VALID}[profile ${long(MB)}]\nregion = x\n`)], [0]);
  add('long-line', [config(`${VALID}[${long(MB)}\n`)], [2], { stderr: CONFIG_LINE });
  add('long-line', [config(`${VALID}[profile big]\n${long(MB)} = x\n`)], [0]);
  add('long-line', [config(`${VALID}[profile big]\n${long(MB)}\n`)], [2], { stderr: CONFIG_LINE });
  add('long-line', [config(`${VALID}[profile big]\nk = ${' '.repeat(MB)}\n`)], [0]);
  add('long-line', [config(`${VALID}[profile big]\nk = ${'\t '.repeat(MB / 2)}x\n`)], [0]);
  // Indented deeper than the key before it, so it continues that value (sso_registration_scopes), as in botocore.
  add('long-line', [config(`${VALID}${' '.repeat(MB)}x\n`)], [0]);
  add('long-line', [config(`${VALID.replace('ReadOnly', `Read${' '.repeat(MB)}Only`)}`)], [2], { stderr: /is not an IAM role name/ });
  add('long-line', [config(`${VALID.replace('111122223333', `1111${' '.repeat(MB)}22223333`)}`)], [2], { stderr: /not a 12-digit AWS account id/ });
  add('long-line', [config(`${VALID.replace('111122223333', `111122223333${'. '.repeat(MB / 2)}x`)}`)], [2], { stderr: /not a 12-digit AWS account id/ });
  add('long-line', [config(`${VALID.replace('us-east-1', `us${'-'.repeat(MB)}east-1`)}`)], [2], { stderr: /is not an AWS region name/ });
  add('long-line', [config(`${VALID.replace('https://d-abc.awsapps.com/start', `https://d${'-'.repeat(MB)}x.awsapps.com/start`)}`)], [0]);
  add('long-line', [config(`${VALID.replace('sso_session = acme', `sso_session = ${long(MB)}`)}`)], [2], { stderr: /has no \[sso-session a+\] section/ });
  add('long-line', [config(`[profile legacy]\nsso_start_url = https://a${'-'.repeat(MB / 4)}b.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 1\nsso_role_name = R\n`)], [2], {
    args: ['--profile', 'legacy'],
    stderr: /uses the legacy SSO configuration/,
  });
  add('long-line', [config(`[profile legacy]\nsso_start_url = https://${'a.'.repeat(MB / 8)}com/start${' '.repeat(MB / 4)}.\nsso_region = us-east-1\n`)], [2], {
    args: ['--profile', 'legacy'],
    stderr: /uses the legacy SSO configuration/,
  });
  add('long-line', [config(`${VALID}[profile p]\nsso_session = acme\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = ${'. '.repeat(MB / 2)}x\n`)], [0], { args: ['--profile', 'p'] });

  // Deep nesting: indented blocks inside blocks, headers inside brackets, nested values where a value belongs.
  const stairs = (n: number) => Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}k${i} = v`).join('\n');
  add('deep', [config(`${VALID}[profile big]\ns3 =\n${stairs(5000)}\n`)], [0]);
  // botocore parses every section's nested blocks: a bad line in one refuses the whole file.
  add('deep', [config(`${VALID}[profile big]\ns3 =\n${stairs(3000)}\n  bad line\n`)], [2], { stderr: /indented block under 's3'/ });
  add('deep', [config(`${VALID}${'['.repeat(100_000)}x${']'.repeat(100_000)}\nk = v\n`)], [0]);
  add('deep', [config(`${VALID}${'['.repeat(100_000)}\n`)], [2], { stderr: CONFIG_LINE });
  add('deep', [config(VALID.replace('sso_account_id = 111122223333', `sso_account_id =\n${stairs(2000)}`))], [2], { stderr: /nested block/ });
  add('deep', [config(VALID.replace('sso_role_name = ReadOnly', `sso_role_name = ReadOnly\n${stairs(2000)}`))], [2], { stderr: /is not an IAM role name/ });
  add('deep', [config(`[DEFAULT]\ns3 =\n${stairs(2000)}\n\n${VALID}`)], [0]);
  // Inherited by [sso-session acme] too, where it conflicts with the profile's own sso_session.
  add('deep', [config(`[DEFAULT]\nsso_session =\n${stairs(200)}\n\n${VALID}`)], [2], { stderr: /sso_session is 'acme' in the profile but \(a nested block\)/ });
  add('deep', [config(`${VALID}[services svc]\nsso =\n${stairs(3000)}\n`)], [0]);
  // A nested key may repeat (the last wins, as in botocore); AWS_ENDPOINT_URL_SSO still outranks it.
  add('deep', [config(VALID.replace('region = eu-west-1', `region = eu-west-1\nservices = svc`) + `[services svc]\nsso =\n${'  endpoint_url = https://x\n'.repeat(1000)}`)], [0]);

  // Symbolic links: to the real file, in a loop, dangling, through many hops, to a device, to a directory.
  add('symlink', [{ kind: 'file', path: '.aws/config.real', bytes: () => VALID }, { kind: 'remove', path: CONFIG }, { kind: 'symlink', path: CONFIG, target: 'config.real' }], [0]);
  add('symlink', [{ kind: 'file', path: '@outside/dotfiles/aws-config', bytes: () => VALID }, { kind: 'remove', path: CONFIG }, { kind: 'symlink', path: CONFIG, target: '@outside/dotfiles/aws-config' }], [0]);
  add('symlink', [{ kind: 'remove', path: CONFIG }, { kind: 'symlink', path: CONFIG, target: 'config' }], [2], { stderr: /config.*(ELOOP|symbolic links)/ });
  add('symlink', [{ kind: 'remove', path: CONFIG }, { kind: 'symlink', path: CONFIG, target: 'nowhere/config' }], [2], { stderr: /is not defined/ });
  add('symlink', [{ kind: 'remove', path: CONFIG }, ...Array.from({ length: 50 }, (_, i): Entry => ({ kind: 'symlink', path: i === 0 ? CONFIG : `.aws/hop${i}`, target: `hop${i + 1}` })), { kind: 'file', path: '.aws/hop50', bytes: () => VALID }], [2], { stderr: /config.*(ELOOP|symbolic links)/ });
  add('symlink', [{ kind: 'remove', path: CONFIG }, { kind: 'symlink', path: CONFIG, target: '/dev/zero' }], [2], { stderr: /is not defined/ });
  add('symlink', [{ kind: 'remove', path: CONFIG }, { kind: 'symlink', path: CONFIG, target: '/dev/urandom' }], [2], { stderr: /is not defined/ });
  add('symlink', [{ kind: 'remove', path: CONFIG }, { kind: 'symlink', path: CONFIG, target: '/' }], [2], { stderr: /is a directory/ });
  add('symlink', [{ kind: 'symlink', path: CREDENTIALS, target: '/proc/self/environ' }], [0, 2]);
  add('symlink', [{ kind: 'symlink', path: CREDENTIALS, target: CREDENTIALS.replace('.aws/', '') }], [2], { stderr: /credentials.*(ELOOP|symbolic links)/ });

  // Control characters in names a message quotes: shown escaped, never raw on the user's terminal.
  add('control', [config(`${VALID}[profile evil\x1b[2J\x1b]0;owned\x07]\nsso_session = acme\n`)], [2], { args: ['--profile', 'missing'], stderr: /evil\\x1b\[2J\\x1b\]0;owned\\x07/ });
  add('control', [config(VALID.replace('ReadOnly', 'Read\x1b[8mOnly'))], [2], { stderr: /sso_role_name 'Read\\x1b\[8mOnly' is not an IAM role name/ });
  add('control', [config(VALID.replace('111122223333', '1111\r22223333'))], [0, 2]);
  // Settings only the AWS SDK reads: keyrack-cp gives the SDK every setting, so it reads no file of its own.
  for (const line of ['defaults_mode = auto', 'defaults_mode = bogus', 'retry_mode = bogus', 'max_attempts = 0', 'sdk_ua_app_id = ' + 'x'.repeat(100), 'auth_scheme_preference = bogus', 'use_fips_endpoint = true', 'use_dualstack_endpoint = true']) {
    add('sdk-setting', [config(`[default]\n${line}\n\n${VALID.replace('region = eu-west-1', `region = eu-west-1\n${line}`)}`)], [0]);
  }

  // Directories, pipes and files where the other belongs.
  add('shape', [{ kind: 'remove', path: CONFIG }, { kind: 'dir', path: CONFIG }], [2], { stderr: /config: is a directory/ });
  add('shape', [{ kind: 'dir', path: CREDENTIALS }], [2], { stderr: /credentials: is a directory/ });
  add('shape', [{ kind: 'remove', path: CONFIG }, { kind: 'fifo', path: CONFIG }], [2], { stderr: /is not defined/ });
  add('shape', [{ kind: 'fifo', path: CREDENTIALS }], [0]);
  add('shape', [{ kind: 'remove', path: '.aws' }, { kind: 'file', path: '.aws', bytes: () => VALID }], [2], { stderr: /is not defined/ });
  add('shape', [{ kind: 'remove', path: '.aws' }, { kind: 'fifo', path: '.aws' }], [2], { stderr: /is not defined/ });
  add('shape', [{ kind: 'remove', path: CONFIG }], [2], { stderr: /is not defined/ });
  add('shape', [config('')], [2], { stderr: /is not defined/ });

  // The credentials file is read with the same rules, and refusals name it.
  for (let i = 0; i < 16; i++) {
    const text = Array.from({ length: int(1, 3) }, () => junkSection(random, pick, int)).join('\n');
    add('credentials', [{ kind: 'file', path: CREDENTIALS, bytes: () => text }], [0, 2]);
  }
  const sc = childSeed();
  add('credentials', [{ kind: 'file', path: CREDENTIALS, bytes: () => randomBytes(sc, 2048) }], [2], { stderr: AT_LINE('credentials') });
  add('credentials', [{ kind: 'file', path: CREDENTIALS, bytes: () => '[dev]\nsso_role_name = Admin\n' }], [0]);
  add('credentials', [{ kind: 'file', path: CREDENTIALS, bytes: () => '[dev]\nsso_account_id = 1234\n' }], [2], { stderr: /not a 12-digit/ });
  add('credentials', [{ kind: 'file', path: CREDENTIALS, bytes: () => '[dev]\nsso_region = us-east-1\n' }], [0]); // the session's value: no conflict
  add('credentials', [{ kind: 'file', path: CREDENTIALS, bytes: () => '[dev]\nsso_region = eu-west-1\n' }], [2], { stderr: /sso_region is 'eu-west-1' in the profile but 'us-east-1'/ });
  return cases;
}

// ---- token-cache files: ~/.aws/sso/cache/<sha1(session)>.json ----

const TOKEN_FIELDS = ['accessToken', 'expiresAt', 'refreshToken', 'clientId', 'clientSecret', 'registrationExpiresAt', 'startUrl', 'region'];
const WRONG_VALUES: readonly unknown[] = [null, 0, -1, 1e308, true, false, '', ' ', [], {}, ['x'], { accessToken: 'x' }, '\0', '\u2028', 'x'.repeat(10_000)];
/** Timestamps both botocore (dateutil, compared with an aware now) and keyrack-cp read as a time in 2099 or later. */
const READ_BY_BOTH = new Set(['2099-01-01T00:00:00z', ' 2099-01-01T00:00:00Z ', '2099-01-01T00:00:00-23:59', '2099-01-01T00:00:00.123456789Z', '9999-12-31T23:59:59Z', '2099-01-01T00:00:00 UTC', '2099-01-01T00:00:00GMT']);
/** dateutil reads these too; keyrack-cp, stricter, asks for a login: either outcome is bounded and clear. */
const READ_BY_BOTOCORE_ONLY = new Set(['2099-01-01T00:00:00.1234567890Z', '２０９９-01-01T00:00:00Z', '2099-01-01T00:00:00Z\0']);
const TIMESTAMPS = [
  '2099-01-01', '2099-01-01T00:00:00', '2099-01-01T00:00:00.000', '2099-01-01 00:00:00', '2099-01-01T00:00:00z', ' 2099-01-01T00:00:00Z ',
  '2099-01-01T00:00:00+99:99', '2099-01-01T00:00:00-23:59', '2099-01-01T00:00:00.123456789Z', '2099-01-01T00:00:00.1234567890Z',
  '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '0099-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '2026-02-30T00:00:00Z',
  '2026-12-31T23:59:60Z', '2099-13-01T00:00:00Z', '2099-01-01T24:00:00Z', '２０９９-01-01T00:00:00Z', '2099-01-01T00:00:00 UTC',
  '2099-01-01T00:00:00GMT', 'tomorrow', 'NaN', 'Infinity', '4102444800', '2099-01-01T00:00:00Z\0', `2099-01-01T00:00:00Z${' '.repeat(100_000)}x`,
];

function tokenCases(random: Random, pick: Pick, int: Int, childSeed: () => number): HostileCase[] {
  const cases: HostileCase[] = [];
  const add = (kind: string, entries: Entry[], codes: ExitCode[], extra: Partial<HostileCase> = {}) =>
    cases.push({ id: `token/${kind}-${String(cases.filter((c) => c.id.startsWith(`token/${kind}-`)).length).padStart(3, '0')}`, entries, args: DEV, codes, ...extra });
  const token = (bytes: (ctx: Context) => Buffer | string): Entry => ({ kind: 'file', path: TOKEN, bytes });
  const doc = (change: (d: Record<string, unknown>, ctx: Context) => void) => token((ctx) => {
    const d = { ...ctx.token };
    change(d, ctx);
    return JSON.stringify(d);
  });
  const LOGIN = /Run: keyrack-cp login --sso-session acme/;

  // Fields of the wrong type: the token is unusable (log in again) or, when only refresh fields are hit, still used.
  for (let i = 0; i < 40; i++) {
    const changes = Array.from({ length: int(1, 3) }, () => [pick(TOKEN_FIELDS), pick(WRONG_VALUES)] as const);
    const soon = random() < 0.4; // inside the refresh window, so the refresh fields matter too
    const touchesAccess = changes.some(([field, value]) => (field === 'accessToken' && !(typeof value === 'string' && value !== '')) || field === 'expiresAt');
    // A token inside the refresh window whose refresh fields are junk is still used while it has a minute left;
    // a refresh the emulator refuses (junk client id) falls back to it too.
    add('wrong-type', [doc((d, ctx) => {
      if (soon) d.expiresAt = ctx.soon;
      for (const [field, value] of changes) d[field] = value;
    })], touchesAccess ? [3] : [0, 3]);
  }

  // expiresAt in every odd form: botocore's set (any zone designator) is used, the rest means "log in".
  for (const stamp of TIMESTAMPS) {
    add('expires-at', [doc((d) => (d.expiresAt = stamp))], READ_BY_BOTH.has(stamp) ? [0] : READ_BY_BOTOCORE_ONLY.has(stamp) ? [0, 3] : [3], READ_BY_BOTH.has(stamp) || READ_BY_BOTOCORE_ONLY.has(stamp) ? {} : { stderr: LOGIN });
  }
  for (const stamp of [4102444800, 4102444800000, -1, null, [2099], { $date: '2099-01-01T00:00:00Z' }]) add('expires-at', [doc((d) => (d.expiresAt = stamp))], [3], { stderr: LOGIN });

  // Bytes that are not a token document.
  const bad = (bytes: (ctx: Context) => Buffer | string) => add('bytes', [token(bytes)], [3], { stderr: LOGIN });
  for (let i = 0; i < 6; i++) {
    const s = childSeed();
    const size = pick([1, 100, 4096, 65536]);
    bad(() => randomBytes(s, size));
  }
  bad(() => '');
  bad(() => '\0'.repeat(100));
  bad((ctx) => `\ufeff${JSON.stringify(ctx.token)}`);
  bad((ctx) => Buffer.from(JSON.stringify(ctx.token), 'utf16le'));
  bad((ctx) => JSON.stringify(ctx.token).slice(0, -1));
  bad((ctx) => `${JSON.stringify(ctx.token)}\0`);
  bad((ctx) => `${JSON.stringify(ctx.token)}}`);
  bad(() => 'null');
  bad(() => '[]');
  bad(() => '"accessToken"');
  bad(() => '1e999');
  bad((ctx) => JSON.stringify([ctx.token]));
  bad(() => `${'['.repeat(MB)}${']'.repeat(MB)}`);
  bad(() => `{"a":${'['.repeat(MB)}`);
  bad(() => randomBytes(7, 10 * MB));
  bad(() => `{"accessToken": "${'x'.repeat(10 * MB)}"}`);
  add('bytes', [token((ctx) => JSON.stringify({ ...ctx.token, padding: 'p'.repeat(10 * MB) }))], [0]);
  add('bytes', [token((ctx) => JSON.stringify(ctx.token, null, 2).replace(/\n/g, '\r\n'))], [0]);
  add('bytes', [token((ctx) => JSON.stringify({ ...ctx.token, accessToken: 'a', accessToken2: ctx.token.accessToken }).replace('"accessToken":"a",', `"accessToken":"a",${'"accessToken":"b",'.repeat(1000)}`))], [3], {
    stderr: /no longer accepts the session's token/,
  });
  // Nested past what the AWS CLI can read (Python's json stops near 1000 levels), inside the refresh window: as
  // unreadable as it is to the CLI (log in again), never a crash writing it back. Built as text: JSON.stringify
  // itself overflows on such a value.
  const withExtra = (expiresAt: (ctx: Context) => string, extra: string) =>
    token((ctx) => `${JSON.stringify({ ...ctx.token, expiresAt: expiresAt(ctx) }).slice(0, -1)}, "extra": ${extra}}`);
  add('bytes', [withExtra((ctx) => ctx.soon, `${'['.repeat(100_000)}${']'.repeat(100_000)}`)], [3], { stderr: /nested more than 900 levels deep/ });
  add('bytes', [withExtra((ctx) => ctx.past, `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`)], [3], { stderr: /nested more than 900 levels deep/ });
  add('bytes', [withExtra((ctx) => ctx.soon, `${'['.repeat(500)}${']'.repeat(500)}`)], [0]); // deep, but within what every reader reads

  // The file system gets in the way: a directory, a loop, a pipe, a device where the token belongs is a file-system
  // failure the user must clear (a login could not write over it); a dangling link or a file as the folder, no token.
  const nonFile = (entries: Entry[]) => add('shape', [{ kind: 'remove', path: TOKEN }, ...entries], [1], { stderr: /cannot read the token cache file .* \((EISDIR|ELOOP|EIO|not a regular file)\)/ });
  nonFile([{ kind: 'dir', path: TOKEN }]);
  nonFile([{ kind: 'symlink', path: TOKEN, target: TOKEN.split('/').pop()! }]);
  nonFile([{ kind: 'fifo', path: TOKEN }]);
  nonFile([{ kind: 'symlink', path: TOKEN, target: '/dev/zero' }]);
  nonFile([{ kind: 'symlink', path: TOKEN, target: '/dev/urandom' }]);
  nonFile([{ kind: 'symlink', path: TOKEN, target: '/proc/self/mem' }]);
  add('shape', [{ kind: 'remove', path: TOKEN }, { kind: 'symlink', path: TOKEN, target: 'nowhere.json' }], [3], { stderr: LOGIN });
  nonFile([{ kind: 'symlink', path: TOKEN, target: '/dev/null' }]);
  add('shape', [{ kind: 'remove', path: '.aws/sso/cache' }, { kind: 'file', path: '.aws/sso/cache', bytes: () => 'x' }], [3], { stderr: LOGIN });
  add('shape', [{ kind: 'remove', path: '.aws/sso' }, { kind: 'fifo', path: '.aws/sso' }], [3], { stderr: LOGIN });
  // A token kept outside ~/.aws through a link: used; a refresh replaces the link, never writes through it.
  add('shape', [{ kind: 'file', path: '@outside/token.json', bytes: (ctx) => JSON.stringify(ctx.token) }, { kind: 'remove', path: TOKEN }, { kind: 'symlink', path: TOKEN, target: '@outside/token.json' }], [0]);
  add('shape', [{ kind: 'file', path: '@outside/token.json', bytes: (ctx) => JSON.stringify({ ...ctx.token, expiresAt: ctx.soon }) }, { kind: 'remove', path: TOKEN }, { kind: 'symlink', path: TOKEN, target: '@outside/token.json' }], [0]);
  // The lock's place taken by junk, when a refresh needs it: an old file, an old directory, a link.
  add('lock', [doc((d, ctx) => (d.expiresAt = ctx.soon)), { kind: 'file', path: `${TOKEN}.lock`, bytes: () => 'junk', old: true }], [0]);
  add('lock', [doc((d, ctx) => (d.expiresAt = ctx.past)), { kind: 'file', path: `${TOKEN}.lock`, bytes: () => 'junk', old: true }], [0]);
  add('lock', [doc((d, ctx) => (d.expiresAt = ctx.past)), { kind: 'dir', path: `${TOKEN}.lock`, old: true }], [0]);
  add('lock', [doc((d, ctx) => (d.expiresAt = ctx.past)), { kind: 'symlink', path: `${TOKEN}.lock`, target: '/nonexistent' }], [0]);
  // Leftovers from other tools beside the token: ignored.
  add('lock', [{ kind: 'file', path: `${TOKEN}.123.abc.tmp`, bytes: () => 'half' }, { kind: 'file', path: '.aws/sso/cache/botocore-client-x.json', bytes: () => '\0' }], [0]);
  return cases;
}

// ---- role-credential cache entries: ~/.aws/cli/cache/<key>.json. A cache: junk there must never fail a run ----

function roleCacheCases(pick: Pick, int: Int, childSeed: () => number): HostileCase[] {
  const cases: HostileCase[] = [];
  const add = (kind: string, entries: Entry[], extra: Partial<HostileCase> = {}) =>
    cases.push({ id: `role-cache/${kind}-${String(cases.filter((c) => c.id.startsWith(`role-cache/${kind}-`)).length).padStart(3, '0')}`, entries, args: DEV, codes: [0], ...extra });
  const entry = (bytes: (ctx: Context) => Buffer | string): Entry => ({ kind: 'file', path: ROLE_CACHE, bytes });
  const good = { AccessKeyId: CACHED_KEY_ID, SecretAccessKey: 's'.repeat(40), SessionToken: 't'.repeat(80), Expiration: '2099-01-01T00:00:00Z', AccountId: '111122223333' };
  const withCreds = (change: Record<string, unknown>) => entry(() => JSON.stringify({ ProviderType: 'sso', Credentials: { ...good, ...change } }));

  // An entry is served when its three secrets are non-empty strings, its expiry is a time more than 15 minutes
  // ahead, and its account (if it names one) is the profile's. Anything else: fetched anew, the entry replaced.
  for (let i = 0; i < 20; i++) {
    const field = pick(Object.keys(good));
    const value = pick(WRONG_VALUES);
    const nonEmpty = typeof value === 'string' && value !== '';
    const served = field === 'AccountId' ? !nonEmpty : field === 'Expiration' ? false : nonEmpty;
    add('wrong-type', [withCreds({ [field]: value })], served ? { cacheHit: 'yes', ...(field === 'AccessKeyId' ? { cachedKeyId: value as string } : {}) } : {});
  }
  for (const stamp of TIMESTAMPS.slice(0, 12)) {
    add('expiration', [withCreds({ Expiration: stamp })], READ_BY_BOTH.has(stamp) ? { cacheHit: 'yes' } : READ_BY_BOTOCORE_ONLY.has(stamp) ? { cacheHit: 'maybe' } : {});
  }
  add('expiration', [withCreds({ Expiration: '2000-01-01T00:00:00Z' })]);
  add('other-account', [withCreds({ AccountId: '999999999999' })]);
  add('valid', [withCreds({})], { cacheHit: 'yes' });
  add('valid', [withCreds({ SecretAccessKey: 'ü\u2028"\\\0</script>' })], { cacheHit: 'yes' });
  for (let i = 0; i < 4; i++) {
    const s = childSeed();
    const size = pick([1, 100, 4096]);
    add('bytes', [entry(() => randomBytes(s, size))]);
  }
  add('bytes', [entry(() => '')]);
  add('bytes', [entry(() => 'null')]);
  add('bytes', [entry(() => '{"Credentials": null}')]);
  add('bytes', [entry(() => `\ufeff${JSON.stringify({ Credentials: good })}`)]);
  add('bytes', [entry(() => `${'['.repeat(MB)}${']'.repeat(MB)}`)]);
  add('bytes', [entry(() => JSON.stringify({ Credentials: good, padding: 'p'.repeat(10 * MB) }))], { cacheHit: 'yes' });
  add('shape', [{ kind: 'dir', path: ROLE_CACHE }]);
  add('shape', [{ kind: 'fifo', path: ROLE_CACHE }]);
  add('shape', [{ kind: 'symlink', path: ROLE_CACHE, target: ROLE_CACHE.split('/').pop()! }]);
  add('shape', [{ kind: 'symlink', path: ROLE_CACHE, target: '/dev/zero' }]);
  add('shape', [{ kind: 'symlink', path: ROLE_CACHE, target: 'nowhere.json' }]);
  add('shape', [{ kind: 'file', path: '.aws/cli/cache', bytes: () => 'not a directory' }]);
  add('shape', [{ kind: 'file', path: '.aws/cli', bytes: () => 'not a directory' }]);
  add('shape', [{ kind: 'fifo', path: '.aws/cli/cache' }]);
  add('shape', [{ kind: 'dir', path: `${ROLE_CACHE}.lock`, old: true }]);
  add('shape', [{ kind: 'file', path: `${ROLE_CACHE}.lock`, bytes: () => 'junk', old: true }]);
  for (let i = 0; i < int(3, 3); i++) {
    const s = childSeed();
    add('neighbours', [{ kind: 'file', path: `.aws/cli/cache/${'0'.repeat(39)}${i}.json`, bytes: () => randomBytes(s, 512) }, { kind: 'dir', path: '.aws/cli/cache/sub.json' }]);
  }
  return cases;
}

// ---- profile names with shell and path metacharacters: never defined, never a file, never run ----

const HOSTILE_NAMES: readonly string[] = [
  '../../etc/passwd', '../../../../../../tmp/pwned', '/etc/passwd', '..', '.', './dev', 'dev/../dev', '~', '~/dev', '~root',
  '$(touch pwned)', '`touch pwned`', '${HOME}', '$HOME', 'a;touch pwned', 'a|touch pwned', 'a&&touch pwned', 'a&touch pwned',
  'a>pwned', 'a<pwned', "'; touch pwned; '", '"; touch pwned; "', 'a\ntouch pwned', 'a\r\nb', '\ttab', 'a\\b', '*', '?', '[dev]',
  'dev ', ' dev', 'DEV', 'profile dev', '%s%n%x', '%(region)s', '{{dev}}', '__proto__', 'constructor', 'hasOwnProperty',
  'профиль', '😀', '\u202eved', 'd\u200bev', 'de\u0301v', '\x1b[31mred\x1b[0m', '\x07bell', '\x7f', 'a'.repeat(100_000), 'é'.repeat(50_000),
  '-', '--', '-p',
];

/** The profile name as messages show it: control characters escaped, so it cannot drive the terminal or break the line. */
function shownName(name: string): string {
  const short: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
  return name.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => short[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

function nameCases(): HostileCase[] {
  const cases: HostileCase[] = [];
  const id = () => `name/${String(cases.length).padStart(3, '0')}`;
  for (const [i, name] of HOSTILE_NAMES.entries()) {
    // Each name once as --profile=NAME, once as AWS_PROFILE (how a shell or CI hands it over), alternating.
    const viaEnv = i % 2 === 1;
    cases.push({
      id: id(),
      entries: [],
      args: viaEnv ? [] : [`--profile=${name}`],
      env: viaEnv ? { AWS_PROFILE: name } : undefined,
      codes: [2],
      stderr: `keyrack-cp: profile '${shownName(name)}': is not defined in `,
    });
  }
  // Defined, as botocore reads the header: the name is only ever a key, so nothing is run or created from it.
  for (const name of ['$(touch pwned)', '../../etc/passwd', 'a;touch pwned', '`id`']) {
    cases.push({
      id: id(),
      entries: [{ kind: 'file', path: CONFIG, bytes: () => `${SESSION_ACME}\n[profile "${name}"]\nsso_session = acme\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n` }],
      args: ['--profile', name],
      codes: [0],
    });
  }
  // A session name is pasted into the shell as part of the login command the message gives: quoted there.
  cases.push({
    id: id(),
    entries: [{ kind: 'file', path: CONFIG, bytes: () => `[sso-session "$(touch pwned)"]\nsso_start_url = https://d-abc.awsapps.com/start\nsso_region = us-east-1\n\n[profile p]\nsso_session = $(touch pwned)\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n` }],
    args: ['--profile', 'p'],
    codes: [3],
    stderr: /^keyrack-cp: sso-session '\$\(touch pwned\)': is not logged in .* Run: keyrack-cp login --sso-session '\$\(touch pwned\)'\n$/,
  });
  cases.push({
    id: id(),
    entries: [{ kind: 'file', path: CONFIG, bytes: () => `[sso-session ../../../x]\nsso_start_url = https://d-abc.awsapps.com/start\nsso_region = us-east-1\n\n[profile p]\nsso_session = ../../../x\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n` }],
    args: ['--profile', 'p'],
    codes: [3],
    stderr: /^keyrack-cp: sso-session '\.\.\/\.\.\/\.\.\/x': is not logged in/,
  });
  return cases;
}
