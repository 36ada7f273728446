// The .cjs's code cache (src/cjs/chunkRegistry.ts), end to end on this Node: made once, then used; private; checked
// before V8 sees it; refused and made again when V8 says no; and never the reason a run fails or says anything.
// And the file's own tail of lazy chunks: one that is no longer what the run started with ends it with one line.

import { chmodSync, copyFileSync, existsSync, mkdtempSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, onTestFinished, test } from 'vitest';
import { tokenCacheJson } from '../emulator/index.ts';
import { credentialsOf } from '../helpers/credentialDocument.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';
import { traceModules } from '../helpers/moduleTrace.ts';
import { ARTIFACTS, Sandbox, START_URL } from '../helpers/sandbox.ts';

const emu = useE2eEmulator();
const CJS = ARTIFACTS.find(([name]) => name === 'bundle on this Node')![1];
const NETWORK_RUN = ['--profile', 'dev', '--no-cache'];

function signedIn(): Sandbox {
  const box = new Sandbox(emu.url);
  box.writeToken(tokenCacheJson(emu.seedLogin({ startUrl: START_URL }), { startUrl: START_URL, region: 'us-east-1' }));
  return box;
}

const folderOf = (root: string) => join(root, 'keyrack-cp', `node-${process.version}-${process.arch}`);
const cacheFiles = (folder: string) => (existsSync(folder) ? readdirSync(folder).sort() : []);

describe('the code cache of dist/keyrack-cp.cjs', () => {
  test('the first network run makes one private file per chunk it compiled; the next run compiles every one from it', async () => {
    const box = signedIn();
    const first = await traceModules(box, CJS, NETWORK_RUN);
    expect(first.compiled.length).toBeGreaterThan(3);
    expect(first.compiled.filter((c) => c.cachedData)).toEqual([]);
    const folder = folderOf(join(box.home, '.cache'));
    expect(cacheFiles(folder)).toEqual(first.compiled.map((c) => `${c.chunk.slice(2)}.v8`).sort());
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    for (const f of cacheFiles(folder)) expect(statSync(join(folder, f)).mode & 0o777).toBe(0o600);

    const second = await traceModules(box, CJS, NETWORK_RUN);
    expect(second.compiled.map((c) => c.chunk)).toEqual(first.compiled.map((c) => c.chunk));
    expect(second.compiled.filter((c) => !c.cachedData || c.rejected)).toEqual([]);
    expect(emu.count('GetRoleCredentials')).toBe(2);
  });

  test('a file damaged anywhere is not given to V8 (which would abort): the run succeeds and the file is made again', async () => {
    const box = signedIn();
    await traceModules(box, CJS, NETWORK_RUN);
    const folder = folderOf(join(box.home, '.cache'));
    const biggest = cacheFiles(folder).sort((a, b) => statSync(join(folder, b)).size - statSync(join(folder, a)).size)[0]!;
    const bytes = readFileSync(join(folder, biggest));
    for (let i = 0; i < 16; i++) bytes[(bytes.length >> 1) + i]! ^= 0xa5;
    writeFileSync(join(folder, biggest), bytes);

    const damaged = await traceModules(box, CJS, NETWORK_RUN);
    expect(damaged.compiled.filter((c) => !c.cachedData).map((c) => `${c.chunk.slice(2)}.v8`)).toEqual([biggest]);
    expect(readFileSync(join(folder, biggest)).equals(bytes)).toBe(false);
    const after = await traceModules(box, CJS, NETWORK_RUN);
    expect(after.compiled.filter((c) => !c.cachedData || c.rejected)).toEqual([]);
  });

  test('a file V8 refuses (made under other V8 flags) costs one compile and is made again for those flags', async () => {
    const box = signedIn();
    await traceModules(box, CJS, NETWORK_RUN);
    const otherFlags = [CJS[0]!, '--max-semi-space-size=2', CJS[1]!]; // V8 keeps a hash of its flags in a cache
    const refused = await traceModules(box, otherFlags, NETWORK_RUN);
    expect(refused.compiled.length).toBeGreaterThan(3);
    expect(refused.compiled.filter((c) => !(c.cachedData && c.rejected))).toEqual([]);
    const again = await traceModules(box, otherFlags, NETWORK_RUN);
    expect(again.compiled.filter((c) => !c.cachedData || c.rejected)).toEqual([]);
  });

  test.each([
    ['writable by others', (folder: string) => chmodSync(folder, 0o777)],
    ['a symbolic link', (folder: string) => {
      renameSync(folder, `${folder}.real`);
      symlinkSync(`${folder}.real`, folder);
    }],
  ])('a folder that is %s is neither read nor written', async (_, spoil) => {
    const box = signedIn();
    box.skipModeAudit = true;
    await traceModules(box, CJS, NETWORK_RUN);
    const folder = folderOf(join(box.home, '.cache'));
    const before = Object.fromEntries(cacheFiles(folder).map((f) => [f, statSync(join(folder, f)).mtimeMs]));
    spoil(folder);
    for (const f of cacheFiles(folder)) writeFileSync(join(folder, f), readFileSync(join(folder, f)).subarray(0, 100)); // would be remade if written
    const run = await traceModules(box, CJS, NETWORK_RUN);
    expect(run.compiled.filter((c) => c.cachedData)).toEqual([]);
    expect(Object.keys(before).sort()).toEqual(cacheFiles(folder));
    for (const f of cacheFiles(folder)) expect(statSync(join(folder, f)).size).toBe(100);
  });

  test('a run that fails writes no cache (the next one that succeeds does)', async () => {
    const box = signedIn();
    emu.inject('GetRoleCredentials', { kind: 'error', status: 403, errorType: 'ForbiddenException' }, 1);
    const failed = await box.run(CJS, NETWORK_RUN);
    expect(failed.code).toBe(1);
    expect(existsSync(join(box.home, '.cache'))).toBe(false);
    await traceModules(box, CJS, NETWORK_RUN);
    expect(cacheFiles(folderOf(join(box.home, '.cache'))).length).toBeGreaterThan(3);
  });

  test('XDG_CACHE_HOME names the place; NODE_DISABLE_COMPILE_CACHE turns it off', async () => {
    const box = signedIn();
    const xdg = join(box.home, 'xdg-cache');
    await traceModules(box, CJS, NETWORK_RUN, { XDG_CACHE_HOME: xdg });
    expect(cacheFiles(folderOf(xdg)).length).toBeGreaterThan(3);
    expect(existsSync(join(box.home, '.cache'))).toBe(false);

    const off = await traceModules(box, CJS, NETWORK_RUN, { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(off.compiled.filter((c) => c.cachedData)).toEqual([]);
    expect(existsSync(join(box.home, '.cache'))).toBe(false);
  });

  test('a place that cannot hold a cache costs nothing but the compile: same answer, nothing on stderr', async () => {
    const box = signedIn();
    const notAFolder = join(box.home, 'cache-is-a-file');
    writeFileSync(notAFolder, 'x');
    for (const env of [{ XDG_CACHE_HOME: notAFolder }, { XDG_CACHE_HOME: join(notAFolder, 'below') }]) {
      const r = await box.run(CJS, NETWORK_RUN, env);
      expect([r.code, r.stderr]).toEqual([0, '']);
      expect(credentialsOf(r).AccessKeyId).toMatch(/^ASIA/);
    }
  });

  test("another build's files are removed once a week old, and a killed run's temp files once an hour old", async () => {
    const box = signedIn();
    const folder = folderOf(join(box.home, '.cache'));
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const now = Date.now() / 1000;
    const plant = (name: string, ageSeconds: number) => {
      writeFileSync(join(folder, name), 'old', { mode: 0o600 });
      utimesSync(join(folder, name), now - ageSeconds, now - ageSeconds);
    };
    plant('chunk-OLDBUILD.js.v8', 8 * 86400);
    plant('chunk-RECENTBUILD.js.v8', 86400);
    plant('chunk-ABC.js.v8.123.abcdefgh.tmp', 2 * 3600);
    plant('chunk-ABD.js.v8.124.abcdefgh.tmp', 60);
    await traceModules(box, CJS, NETWORK_RUN);
    const left = cacheFiles(folder);
    expect(left).toContain('chunk-RECENTBUILD.js.v8');
    expect(left).toContain('chunk-ABD.js.v8.124.abcdefgh.tmp');
    expect(left).not.toContain('chunk-OLDBUILD.js.v8');
    expect(left).not.toContain('chunk-ABC.js.v8.123.abcdefgh.tmp');
  });

  test('eight runs at once on an empty cache: all answer, and the files they leave are whole', async () => {
    const box = signedIn();
    const runs = await Promise.all(Array.from({ length: 8 }, () => box.run(CJS, NETWORK_RUN)));
    for (const r of runs) expect([r.code, r.stderr]).toEqual([0, '']);
    const folder = folderOf(join(box.home, '.cache'));
    expect(cacheFiles(folder).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const next = await traceModules(box, CJS, NETWORK_RUN);
    expect(next.compiled.filter((c) => !c.cachedData || c.rejected)).toEqual([]);
  });

  test.each([
    ['its line endings changed to CRLF', (text: string) => text.replaceAll('\n', '\r\n')],
    ['another build in its place (the tail says another id)', (text: string) => text.replace(/(\/\*keyrack-chunks )([0-9a-f])/, (_, open: string, c: string) => `${open}${c === '0' ? '1' : '0'}`)],
    ['cut short', (text: string) => `${text.slice(0, text.length - 1000)}*/\n`],
  ])('a .cjs whose tail is not what its head describes (%s): a network run ends with one line saying what to do', async (_, spoil) => {
    const box = signedIn();
    const dir = mkdtempSync(join(tmpdir(), 'krcp-damaged-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const copy = join(dir, 'keyrack-cp.cjs');
    copyFileSync(CJS[1]!, copy);
    writeFileSync(copy, spoil(readFileSync(copy, 'latin1')), 'latin1');
    const r = await box.run([CJS[0]!, copy], NETWORK_RUN);
    expect([r.code, r.stdout]).toEqual([1, '']);
    expect(r.stderr).toBe(`keyrack-cp: ${copy} no longer holds the code this run started with (replaced, for example by an upgrade, or damaged). Run the command again; if this persists, install keyrack-cp again.\n`);
    expect(emu.count('GetRoleCredentials')).toBe(0);
  });
});
