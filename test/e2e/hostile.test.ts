// Hostile input, end to end: the seeded corpus of test/hostile/corpus.ts run through both built artifacts. Every run
// ends in under a second with credentials or one clear paragraph, never a stack trace, and writes nothing outside ~/.aws.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { tokenCacheJson } from '../emulator/index.ts';
import { CREDENTIAL_KEYS } from '../helpers/credentialDocument.ts';
import { ARTIFACTS, Sandbox, START_URL } from '../helpers/sandbox.ts';
import { CACHED_KEY_ID, CORPUS_SEED, generateCorpus, type Context, type Corpus, type Entry, type HostileCase } from '../hostile/corpus.ts';
import { auditSandboxes } from '../helpers/audit.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';

/** The contract's bound for one run, whatever the input (a hang or a quadratic path shows up here). */
const RUN_LIMIT_MS = 1000;
/** Past this a run is killed, so a hang is reported as one rather than stalling the suite. */
const KILL_AFTER_MS = 10_000;
/** Processes at once: the machine's two cores, so a run's time is its own and not a queue's. */
const CONCURRENCY = 2;
const GROUPS = ['configs', 'tokens', 'roleCaches', 'names'] as const satisfies ReadonlyArray<keyof Corpus>;
/** The directories the secrets audit checks the modes of: a case that puts junk there loosens them on purpose. */
const AUDITED_DIRS = ['.aws', '.aws/sso', '.aws/sso/cache', '.aws/cli', '.aws/cli/cache'];

const corpus = generateCorpus();
/** Every directory a run used, removed once its test's audit has read it: the corpus would leave ~1,000 behind. */
const made: string[] = [];
/** What a run could have left in the system's temporary directory had it ignored TMPDIR. */
const ours = () => readdirSync(tmpdir()).filter((name) => /keyrack-cp/i.test(name));
const tmpBefore = new Set(ours());
const slowest: Record<string, { ms: number; id: string }> = {};
const rerun: string[] = [];
const fileStarted = Date.now();

const emu = useE2eEmulator();
beforeAll(async () => {
  // The first start of a 100 MB executable reads it from disk; that is not the run being measured.
  for (const [, cmd] of ARTIFACTS) spawnSync(cmd[0]!, [...cmd.slice(1), '--version']);
});
// Registered after useE2eEmulator's hooks, so this runs before its audit: audit here, then remove what the runs used.
afterEach(() => {
  try {
    auditSandboxes(emu);
  } finally {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
});
afterAll(() => {
  const counts = GROUPS.map((g) => `${g} ${corpus[g].length}`).join(', ');
  const times = Object.entries(slowest).map(([what, s]) => `${what}: ${s.ms} ms (${s.id})`).join('\n');
  const again = rerun.length > 0 ? `\nover ${RUN_LIMIT_MS} ms alongside other work, so run again alone:\n${rerun.join('\n')}` : '';
  console.log(`hostile corpus: ${counts}\nslowest run per artifact and group:\n${times}${again}\nwhole file: ${Date.now() - fileStarted} ms`);
});

describe('the corpus', () => {
  test('is as large as the issue asks', () => {
    expect(corpus.configs.length).toBeGreaterThanOrEqual(200);
    expect(corpus.tokens.length).toBeGreaterThanOrEqual(100);
    expect(corpus.roleCaches.length).toBeGreaterThanOrEqual(50);
    expect(corpus.names.length).toBeGreaterThanOrEqual(50);
    const ids = GROUPS.flatMap((g) => corpus[g].map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('is deterministic: the same seed gives the same bytes, another seed other bytes', () => {
    expect(digest(generateCorpus(CORPUS_SEED))).toBe(digest(corpus));
    expect(digest(generateCorpus(CORPUS_SEED + 1))).not.toBe(digest(corpus));
  });
});

describe.each(ARTIFACTS)('%s', (artifact, cmd) => {
  test.each(GROUPS)('%s: bounded, one clear answer, nothing written outside ~/.aws', async (group) => {
    const failures: string[] = [];
    const overTime: HostileCase[] = [];
    await inParallel(corpus[group], async (c) => {
      const { problems, ms } = await runCase(cmd, c);
      for (const p of problems) failures.push(`${c.id}: ${p}`);
      if (ms >= RUN_LIMIT_MS) overTime.push(c);
    });
    // Other test files run alongside this one on the same two cores, and a wall-clock second can stretch under
    // their load. A run over the bound runs again on its own: a slow path is slow there too.
    for (const c of overTime) {
      const first = failures.findIndex((f) => f.startsWith(`${c.id}: took `));
      const again = await runCase(cmd, c);
      rerun.push(`${artifact} ${c.id}: ${again.ms} ms on its own`);
      if (again.ms < RUN_LIMIT_MS) failures.splice(first, 1);
      else failures[first] += `, and ${again.ms} ms on its own`;
    }
    expect(failures).toEqual([]);
  }, 300_000);

  async function runCase(command: readonly string[], c: HostileCase): Promise<{ problems: string[]; ms: number }> {
    const box = new Sandbox(emu.url);
    const root = mkdtempSync(join(tmpdir(), 'krcp-hostile-'));
    made.push(box.home, root);
    const dirs = { cwd: join(root, 'cwd'), tmp: join(root, 'tmp'), outside: join(root, 'outside') };
    for (const d of Object.values(dirs)) mkdirSync(d);

    const seed = emu.seedLogin({ startUrl: START_URL, region: 'us-east-1', accessTokenTtlSeconds: 3600 });
    const token = tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' });
    box.writeToken(token);
    const now = Date.now();
    const ctx: Context = { token, soon: stamp(now + 5 * 60_000), past: stamp(now - 5 * 60_000) };
    for (const entry of c.entries) place(entry, box.home, dirs.outside, ctx);
    if (c.entries.some((e) => AUDITED_DIRS.includes(e.path))) box.skipModeAudit = true;

    const trees = { home: box.home, cwd: dirs.cwd, tmp: dirs.tmp, outside: dirs.outside };
    const before = snapshot(trees);
    const r = await run(command, c.args, box.env({ TMPDIR: dirs.tmp, ...c.env }), dirs.cwd);
    box.stderrs.push(r.stderr);
    const after = snapshot(trees);

    const problems = check(c, r, [seed.accessToken, seed.refreshToken, seed.clientSecret]);
    problems.push(...changesOutsideAws(before, after, r.code));
    const key = `${artifact}, ${c.id.split('/')[0]}`;
    if (r.ms > (slowest[key]?.ms ?? -1)) slowest[key] = { ms: r.ms, id: c.id };
    // The secrets audit reads every file in HOME against every secret issued: the 10 MB junk inputs, which hold none,
    // would make it crawl.
    dropLargeFiles(box.home);
    return { problems, ms: r.ms };
  }
});

describe('afterwards', () => {
  test('no run left anything named after keyrack-cp in the system temporary directory', () => {
    expect(ours().filter((name) => !tmpBefore.has(name))).toEqual([]);
  });
});

// ---- running ----

interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Like the sandbox's runProcess, with a working directory of its own and a kill after KILL_AFTER_MS. */
function run(command: readonly string[], args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Run> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command[0]!, [...command.slice(1), ...args], { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    // Decoded as a stream: a chunk may end inside a multi-byte character of a long non-ASCII name.
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const killer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started) });
    });
  });
}

async function inParallel<T>(items: readonly T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
}

// ---- what every run must do ----

function check(c: HostileCase, r: Run, secrets: readonly string[]): string[] {
  const problems: string[] = [];
  const said = r.stderr.length > 300 ? `${r.stderr.slice(0, 300)}…` : r.stderr;
  if (r.signal) return [`killed by ${r.signal} after ${r.ms} ms (a hang or a crash); stderr: ${said}`];
  if (r.ms >= RUN_LIMIT_MS) problems.push(`took ${r.ms} ms`);
  if (!c.codes.includes(r.code as 0)) problems.push(`exit ${r.code}, expected ${c.codes.join(' or ')}; stderr: ${JSON.stringify(said)}`);
  if (/\n\s+at /.test(r.stderr)) problems.push('a stack trace on stderr');
  if (/unexpected failure/.test(r.stderr)) problems.push(`an unexpected failure: ${said}`);
  if (secrets.some((s) => r.stderr.includes(s))) problems.push('a secret on stderr');
  // Config files and profile names can hold terminal escapes: messages show them escaped, never raw.
  if (/[\x00-\x09\x0b-\x1f\x7f-\x9f]/.test(r.stderr)) problems.push(`a raw control character on stderr: ${JSON.stringify(said)}`);

  // Zero or more warning lines, then on failure exactly one paragraph.
  const warnings = r.stderr.match(/^(keyrack-cp: warning: [^\n]*\n)*/)![0];
  const rest = r.stderr.slice(warnings.length);
  if (r.code === 0) {
    if (rest !== '') problems.push(`exit 0 with more than warnings on stderr: ${said}`);
    problems.push(...checkCredentials(c, r.stdout));
  } else {
    if (r.stdout !== '') problems.push(`exit ${r.code} with something on stdout`);
    if (!/^keyrack-cp: \S/.test(rest) || rest.startsWith('keyrack-cp: warning:')) problems.push(`not a keyrack-cp paragraph: ${JSON.stringify(said)}`);
    if (!rest.endsWith('\n') || /\n(keyrack-cp:|$)/.test(rest.slice(0, -1))) problems.push(`not exactly one paragraph: ${JSON.stringify(said)}`);
    // One line, but for the legacy-profile migration, which shows the config block to write.
    if (rest.indexOf('\n') !== rest.length - 1 && !/uses the legacy SSO configuration/.test(rest)) problems.push(`a paragraph over several lines: ${JSON.stringify(said)}`);
    const expected = c.stderr;
    if (expected !== undefined && !(typeof expected === 'string' ? rest.startsWith(expected) : expected.test(rest))) {
      problems.push(`stderr does not ${typeof expected === 'string' ? 'start with' : 'match'} ${String(expected).slice(0, 200)}: ${JSON.stringify(said)}`);
    }
  }
  return problems;
}

function checkCredentials(c: HostileCase, stdout: string): string[] {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(stdout);
  } catch {
    return [`exit 0 but stdout is not JSON: ${JSON.stringify(stdout.slice(0, 200))}`];
  }
  const problems: string[] = [];
  if (!stdout.endsWith('}\n') || stdout.indexOf('\n') !== stdout.length - 1) problems.push('stdout is not one JSON document on one line');
  if (JSON.stringify(Object.keys(doc)) !== JSON.stringify(CREDENTIAL_KEYS)) problems.push(`credential keys ${Object.keys(doc).join(',')}`);
  if (doc.Version !== 1 || !/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(String(doc.Expiration))) problems.push('not a credential_process document');
  for (const k of CREDENTIAL_KEYS.slice(1, 4)) if (typeof doc[k] !== 'string' || doc[k] === '') problems.push(`${k} is empty`);
  const fromCache = doc.AccessKeyId === (c.cachedKeyId ?? CACHED_KEY_ID);
  const issued = emu.issued.roleCredentials.some((i) => i.accessKeyId === doc.AccessKeyId);
  if (c.cacheHit === 'yes' && !fromCache) problems.push('not the cached credentials');
  if (c.cacheHit === undefined && !issued) problems.push(`credentials the emulator never issued (${String(doc.AccessKeyId)})`);
  if (c.cacheHit === 'maybe' && !fromCache && !issued) problems.push(`credentials from nowhere (${String(doc.AccessKeyId)})`);
  return problems;
}

// ---- the sandbox: placing the corpus, and seeing what changed ----

function place(entry: Entry, home: string, outside: string, ctx: Context): void {
  const where = (p: string) => (p.startsWith('@outside/') ? join(outside, p.slice('@outside/'.length)) : join(home, p));
  const path = where(entry.path);
  if (entry.kind !== 'remove') mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  switch (entry.kind) {
    case 'remove':
      rmSync(path, { recursive: true, force: true });
      return;
    case 'file':
      // 0600 like the files the tools write, so the secrets audit's mode check stays about keyrack-cp's own files.
      writeFileSync(path, entry.bytes(ctx), { mode: 0o600 });
      break;
    case 'dir':
      mkdirSync(path, { recursive: true, mode: 0o700 });
      break;
    case 'symlink':
      symlinkSync(entry.target.startsWith('@outside/') ? where(entry.target) : entry.target, path);
      return;
    case 'fifo': {
      const made = spawnSync('mkfifo', ['-m', '600', path]);
      if (made.status !== 0) throw new Error(`mkfifo ${path}: ${made.stderr}`);
      return;
    }
  }
  if (entry.old) utimesSync(path, new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
}

type Snapshot = Map<string, string>;

/** Every entry under each tree (symbolic links not followed): its type, size, mtime, mode, and a link's target. */
function snapshot(trees: Record<string, string>): Snapshot {
  const out: Snapshot = new Map();
  const walk = (tree: string, dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const st = lstatSync(path);
      const kind = st.isDirectory() ? 'dir' : st.isSymbolicLink() ? `link->${readlinkSync(path)}` : st.isFile() ? 'file' : 'other';
      out.set(`${tree}/${relative(trees[tree]!, path)}`, `${kind} ${st.size} ${st.mtimeMs} ${(st.mode & 0o7777).toString(8)}`);
      if (st.isDirectory()) walk(tree, path);
    }
  };
  for (const [tree, dir] of Object.entries(trees)) {
    const st = lstatSync(dir);
    out.set(`${tree}/`, `dir ${st.size} ${st.mtimeMs} ${(st.mode & 0o7777).toString(8)}`);
    walk(tree, dir);
  }
  return out;
}

/**
 * What changed outside HOME/.aws (anything at all after a configuration error, which must exit before writing).
 * A run that succeeded may also leave the .cjs's code cache (src/cjs/chunkRegistry.ts) in HOME/.cache/keyrack-cp,
 * and with it HOME/.cache and HOME's own time stamp; never a temp file, and nothing at all after a failure.
 */
function changesOutsideAws(before: Snapshot, after: Snapshot, code: number | null): string[] {
  const inAws = (path: string) => path === 'home/.aws' || path.startsWith('home/.aws/');
  const inCodeCache = (path: string) => path === 'home/.cache' || path === 'home/.cache/keyrack-cp' || path.startsWith('home/.cache/keyrack-cp/');
  const madeCodeCache = code === 0 && !before.has('home/.cache') && after.has('home/.cache');
  const changed: string[] = [];
  for (const path of new Set([...before.keys(), ...after.keys()])) {
    if (before.get(path) === after.get(path)) continue;
    if ((inAws(path) && code !== 2) || (inCodeCache(path) && code === 0)) {
      // There a run may write its caches, but never leave a temp file behind.
      if (!before.has(path) && /\.tmp$/.test(path)) changed.push(`left ${path} behind`);
      continue;
    }
    if (path === 'home/' && madeCodeCache) continue;
    changed.push(`${before.has(path) ? (after.has(path) ? 'changed' : 'removed') : 'created'} ${path}`);
  }
  return changed.length > 0 ? [`wrote outside what it may: ${changed.join(', ')}`] : [];
}

function dropLargeFiles(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) dropLargeFiles(path);
    else if (entry.isFile() && lstatSync(path).size > 1 << 20) rmSync(path);
  }
}

const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The corpus as bytes, with a fixed context, so two generations can be compared. */
function digest(c: Corpus): string {
  const hash = createHash('sha256');
  const ctx: Context = { token: { accessToken: 'a', expiresAt: '2099-01-01T00:00:00Z' }, soon: 'soon', past: 'past' };
  for (const group of GROUPS) {
    for (const k of c[group]) {
      hash.update(JSON.stringify([k.id, k.args, k.env ?? null, k.codes, String(k.stderr), k.cacheHit ?? null, k.cachedKeyId ?? null]));
      for (const e of k.entries) {
        hash.update(JSON.stringify({ ...e, bytes: undefined }));
        if (e.kind === 'file') hash.update(e.bytes(ctx));
      }
    }
  }
  return hash.digest('hex');
}
