// The npm package: `npm pack` of this repository installs offline from its tarball alone, into a fresh prefix with an
// empty npm cache, and the keyrack-cp command it puts on PATH gets credentials from the SSO emulator.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { fileInTarball } from '../../scripts/lib/ustar.mjs';
import { tokenCacheJson } from '../emulator/index.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';
import { ROOT, Sandbox, START_URL } from '../helpers/sandbox.ts';

const emu = useE2eEmulator();
const VERSION: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;

const work = mkdtempSync(join(tmpdir(), 'krcp-npm-'));
const prefix = join(work, 'prefix');
const cache = join(work, 'cache'); // empty: nothing the install needs can come from a cache
/** node, and npm beside it or on the PATH; nothing else of this machine's or the developer's npm setup. */
const npmEnv = { PATH: [dirname(process.execPath), process.env.PATH].join(delimiter), HOME: join(work, 'home') };
let tarball = '';
let packedFiles: string[] = [];
let install: { status: number | null; stderr: string } = { status: null, stderr: '' };

function npm(args: readonly string[], cwd: string) {
  const r = spawnSync('npm', [...args, '--cache', cache, '--no-audit', '--no-fund', '--no-update-notifier'], { cwd, env: npmEnv, encoding: 'utf8', timeout: 120_000 });
  if (r.error) throw r.error;
  return r;
}

beforeAll(() => {
  for (const dir of [prefix, cache, npmEnv.HOME, join(work, 'pack')]) mkdirSync(dir);
  const packed = npm(['pack', '--pack-destination', join(work, 'pack'), '--json'], ROOT);
  if (packed.status !== 0) throw new Error(`npm pack exited ${packed.status}: ${packed.stderr}`);
  const [info] = JSON.parse(packed.stdout) as [{ filename: string; files: { path: string }[] }];
  tarball = join(work, 'pack', info.filename);
  packedFiles = info.files.map((f) => f.path).sort();
  // From a folder that is not the project's, so no project .npmrc applies (the project's bin-links=false would
  // install no command at all).
  install = npm(['install', '--global', '--offline', '--prefix', prefix, tarball], work);
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

test('npm pack holds package.json, the README, the LICENSE and dist/keyrack-cp.cjs, nothing else', () => {
  expect(packedFiles).toEqual(['LICENSE', 'README.md', 'dist/keyrack-cp.cjs', 'package.json']);
  const r = spawnSync('tar', ['--list', '--gzip', '--file', tarball], { encoding: 'utf8' });
  expect(r.stdout.trimEnd().split('\n').sort()).toEqual(['package/LICENSE', 'package/README.md', 'package/dist/keyrack-cp.cjs', 'package/package.json']);
});

test('the packed package.json needs nothing installed beside it, names the bin and Node >= 20; the .cjs is the one built', () => {
  const tar = gunzipSync(readFileSync(tarball));
  const manifest = JSON.parse(fileInTarball(tar, 'package/package.json').toString('utf8'));
  expect(manifest.dependencies).toBeUndefined();
  expect(manifest.optionalDependencies).toBeUndefined();
  expect(manifest.peerDependencies).toBeUndefined();
  expect(manifest.bin).toEqual({ 'keyrack-cp': 'dist/keyrack-cp.cjs' });
  expect(manifest.engines).toEqual({ node: '>=20' });
  expect(fileInTarball(tar, 'package/dist/keyrack-cp.cjs').equals(readFileSync(join(ROOT, 'dist', 'keyrack-cp.cjs')))).toBe(true);
});

test('npm install --global --offline from the tarball alone, with an empty cache, succeeds and installs no node_modules', () => {
  expect(install.stderr).not.toMatch(/ENOTCACHED|npm error/);
  expect(install.status).toBe(0);
  const installed = join(prefix, 'lib', 'node_modules', 'keyrack-cp');
  expect(readdirSync(installed, { recursive: true, encoding: 'utf8' }).sort()).toEqual(['LICENSE', 'README.md', 'dist', 'dist/keyrack-cp.cjs', 'package.json']);
  expect(realpathSync(join(prefix, 'bin', 'keyrack-cp'))).toBe(realpathSync(join(installed, 'dist', 'keyrack-cp.cjs')));
});

test('<prefix>/bin/keyrack-cp --version', () => {
  const r = spawnSync(join(prefix, 'bin', 'keyrack-cp'), ['--version'], { env: { PATH: dirname(process.execPath), HOME: npmEnv.HOME }, encoding: 'utf8' });
  expect(r.error, 'the command is not there').toBeUndefined();
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toBe(`keyrack-cp ${VERSION}\n`);
});

test('keyrack-cp, found on PATH in the prefix, prints credentials from the SSO emulator', async () => {
  const seed = emu.seedLogin({ startUrl: START_URL, region: 'us-east-1', accessTokenTtlSeconds: 3600 });
  const box = new Sandbox(emu.url);
  box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
  // The prefix's bin first, then only node (for the .cjs's #!/usr/bin/env node): no other keyrack-cp to be found.
  const r = await box.run(['keyrack-cp'], ['--profile', 'dev'], { PATH: [join(prefix, 'bin'), dirname(process.execPath)].join(delimiter) });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.stdout);
  expect(doc).toMatchObject({ Version: 1, AccountId: '111122223333' });
  expect(doc.AccessKeyId).toBe(emu.issued.roleCredentials.at(-1)?.accessKeyId);
  expect(emu.count('GetRoleCredentials')).toBe(1);
});
