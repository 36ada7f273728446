// The release `npm run package` makes, read by the system's own tools: GNU tar for the .tar.gz files, Python's zipfile
// for the .zip, sha256sum for SHA256SUMS. scripts/package.mjs runs as npm run package runs it, into temporary folders.

import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { executableName, TARGETS } from '../../scripts/lib/targets.mjs';
import { pythonExecutable } from '../helpers/python.ts';
import { ROOT } from '../helpers/sandbox.ts';

const VERSION: string = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
const PACK_MS = 180_000; // seven ~110 MB executables deflated at level 9: ~30 s on the 2-core machine
/** 1980-01-01T00:00:00Z, every entry's mtime. */
const RELEASE_MTIME_S = 315_532_800;
/** An archive of another version, left in the output folder before packing: the release must not keep it. */
const STALE = 'keyrack-cp-0.0.1-linux-x64.tar.gz';

const work = mkdtempSync(join(tmpdir(), 'krcp-release-'));
const release = join(work, 'release');
let packed: { stdout: string };

type Target = (typeof TARGETS)[number];
const TAR_TARGETS = TARGETS.filter((t) => t.os !== 'win32');
const ZIP_TARGETS = TARGETS.filter((t) => t.os === 'win32');
// Written out here rather than taken from lib/releaseArchive.mjs, so that a wrong name there fails here.
const archiveOf = (t: Target) => `keyrack-cp-${VERSION}-${t.name}${t.os === 'win32' ? '.zip' : '.tar.gz'}`;
const dirOf = (t: Target) => `keyrack-cp-${VERSION}-${t.name}`;
const exeOf = (t: Target) => (t.os === 'win32' ? 'keyrack-cp.exe' : 'keyrack-cp');
const builtExecutable = (t: Target) => readFileSync(join(ROOT, 'dist', executableName(t)));

function run(cmd: string, args: readonly string[], options: SpawnSyncOptions = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20, env: { PATH: process.env.PATH, TZ: 'UTC', LC_ALL: 'C' }, ...options });
  if (r.error) throw r.error;
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

function pack(out: string) {
  const r = run(process.execPath, [join(ROOT, 'scripts', 'package.mjs'), '--out', out], { cwd: ROOT });
  if (r.status !== 0) throw new Error(`scripts/package.mjs exited ${r.status}: ${r.stderr}`);
  return r;
}

/** Every path under `dir`, relative, a directory's with a trailing slash. */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => (lstatSync(join(dir, p)).isDirectory() ? `${p}/` : p))
    .sort();
}

beforeAll(() => {
  const missing = TARGETS.map((t) => `dist/${executableName(t)}`).filter((f) => !existsSync(join(ROOT, f)));
  if (missing.length > 0) throw new Error(`${missing.join(', ')} missing: run \`npm run build:all\` first (npm test does).`);
  mkdirSync(release);
  writeFileSync(join(release, STALE), 'an archive of an older release');
  packed = pack(release);
}, PACK_MS);

afterAll(() => rmSync(work, { recursive: true, force: true }));

test('the release folder holds one archive per target and SHA256SUMS, and nothing else', () => {
  expect(readdirSync(release).sort()).toEqual([...TARGETS.map(archiveOf), 'SHA256SUMS'].sort());
});

describe.each(TAR_TARGETS.map((t) => [t.name, t] as const))('%s .tar.gz', (_name, target) => {
  const archive = () => join(release, archiveOf(target));

  test('GNU tar lists exactly the directory, keyrack-cp (0755), LICENSE and README.md, owned 0:0, dated 1980-01-01', () => {
    const r = run('tar', ['--list', '--verbose', '--numeric-owner', '--gzip', '--file', archive()]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const rows = r.stdout
      .trimEnd()
      .split('\n')
      .map((line) => line.split(/\s+/))
      .map(([mode, owner, _size, date, time, name]) => [mode, owner, `${date} ${time}`, name]);
    const dir = dirOf(target);
    expect(rows).toEqual([
      ['drwxr-xr-x', '0/0', '1980-01-01 00:00', `${dir}/`],
      ['-rw-r--r--', '0/0', '1980-01-01 00:00', `${dir}/LICENSE`],
      ['-rw-r--r--', '0/0', '1980-01-01 00:00', `${dir}/README.md`],
      ['-rwxr-xr-x', '0/0', '1980-01-01 00:00', `${dir}/keyrack-cp`],
    ]);
  });

  test('extracted by GNU tar: the executable is dist/keyrack-cp-<target> byte for byte, mode 0755, beside the README and LICENSE', () => {
    const into = mkdtempSync(join(work, `x-${target.name}-`));
    const r = run('tar', ['--extract', '--gzip', '--file', archive(), '--directory', into]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const dir = dirOf(target);
    expect(tree(into)).toEqual([`${dir}/`, `${dir}/LICENSE`, `${dir}/README.md`, `${dir}/keyrack-cp`]);
    const exe = join(into, dir, 'keyrack-cp');
    expect(statSync(exe).mode & 0o777).toBe(0o755);
    expect(Math.floor(statSync(exe).mtimeMs / 1000)).toBe(RELEASE_MTIME_S);
    expect(readFileSync(exe).equals(builtExecutable(target))).toBe(true);
    expect(readFileSync(join(into, dir, 'README.md')).equals(readFileSync(join(ROOT, 'README.md')))).toBe(true);
    expect(readFileSync(join(into, dir, 'LICENSE')).equals(readFileSync(join(ROOT, 'LICENSE')))).toBe(true);
    rmSync(into, { recursive: true, force: true });
  });

  test('the gzip header carries no time and says Unix, whatever machine packed it', () => {
    const header = readFileSync(archive()).subarray(0, 10);
    expect([...header.subarray(0, 3)]).toEqual([0x1f, 0x8b, 8]); // gzip, deflate
    expect(header.readUInt32LE(4)).toBe(0); // MTIME
    expect(header[9]).toBe(3); // OS: Unix
  });
});

describe.each(ZIP_TARGETS.map((t) => [t.name, t] as const))('%s .zip', (_name, target) => {
  const archive = () => join(release, archiveOf(target));
  const ZIP_FACTS = `
import sys, zipfile
for i in zipfile.ZipFile(sys.argv[1]).infolist():
    print(i.filename, oct(i.external_attr >> 16), '%04d-%02d-%02d %02d:%02d:%02d' % i.date_time, i.compress_type, i.file_size)
`;

  test("Python's zipfile lists exactly the directory, keyrack-cp.exe (0755), LICENSE and README.md, dated 1980-01-01", () => {
    const listed = run(pythonExecutable(), ['-m', 'zipfile', '-l', archive()]);
    expect(listed.status).toBe(0);
    const r = run(pythonExecutable(), ['-c', ZIP_FACTS, archive()]);
    expect(r.stderr).toBe('');
    const dir = dirOf(target);
    const size = (f: string) => statSync(join(ROOT, f)).size;
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      `${dir}/ 0o40755 1980-01-01 00:00:00 0 0`,
      `${dir}/LICENSE 0o100644 1980-01-01 00:00:00 8 ${size('LICENSE')}`,
      `${dir}/README.md 0o100644 1980-01-01 00:00:00 8 ${size('README.md')}`,
      `${dir}/keyrack-cp.exe 0o100755 1980-01-01 00:00:00 8 ${size(`dist/${executableName(target)}`)}`,
    ]);
    // Names and sizes as `python3 -m zipfile -l` prints them agree (the format's second listing of each entry).
    for (const name of [`${dir}/`, `${dir}/LICENSE`, `${dir}/README.md`, `${dir}/keyrack-cp.exe`]) expect(listed.stdout).toContain(name);
  });

  test('extracted by Python (which checks every CRC-32): the executable is dist/keyrack-cp-windows-x64.exe byte for byte', () => {
    const into = mkdtempSync(join(work, `x-${target.name}-`));
    const r = run(pythonExecutable(), ['-m', 'zipfile', '-e', archive(), into]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const dir = dirOf(target);
    expect(tree(into)).toEqual([`${dir}/`, `${dir}/LICENSE`, `${dir}/README.md`, `${dir}/${exeOf(target)}`]);
    expect(readFileSync(join(into, dir, exeOf(target))).equals(builtExecutable(target))).toBe(true);
    expect(readFileSync(join(into, dir, 'README.md')).equals(readFileSync(join(ROOT, 'README.md')))).toBe(true);
    expect(readFileSync(join(into, dir, 'LICENSE')).equals(readFileSync(join(ROOT, 'LICENSE')))).toBe(true);
    rmSync(into, { recursive: true, force: true });
  });
});

describe('SHA256SUMS', () => {
  test('one "<sha256>  <archive>" line per archive, in name order', () => {
    const lines = readFileSync(join(release, 'SHA256SUMS'), 'utf8').split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => l.replace(/^[0-9a-f]{64} {2}/, ''))).toEqual(TARGETS.map(archiveOf).sort());
  });

  test('sha256sum -c passes on the release', () => {
    const r = run('sha256sum', ['--check', '--strict', 'SHA256SUMS'], { cwd: release });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toEqual(TARGETS.map(archiveOf).sort().map((a) => `${a}: OK`));
  });

  test.each(TARGETS.filter((t) => t.name === 'linux-arm64' || t.os === 'win32').map((t) => [archiveOf(t)]))(
    'sha256sum -c fails when one byte of %s is changed',
    (changed) => {
      const copy = mkdtempSync(join(work, 'sums-'));
      copyFileSync(join(release, 'SHA256SUMS'), join(copy, 'SHA256SUMS'));
      for (const name of TARGETS.map(archiveOf).filter((a) => a !== changed)) symlinkSync(join(release, name), join(copy, name));
      const bytes = readFileSync(join(release, changed));
      const middle = bytes.length >> 1;
      bytes.writeUInt8(bytes.readUInt8(middle) ^ 0x01, middle);
      writeFileSync(join(copy, changed), bytes);
      const r = run('sha256sum', ['--check', 'SHA256SUMS'], { cwd: copy });
      expect(r.status).toBe(1);
      expect(r.stdout).toContain(`${changed}: FAILED\n`);
      expect(r.stdout.match(/: OK$/gm)).toHaveLength(TARGETS.length - 1);
      expect(r.stderr).toMatch(/1 computed checksum did NOT match/);
      rmSync(copy, { recursive: true, force: true });
    },
  );
});

test(
  'packing the same executables again makes byte-identical archives and SHA256SUMS',
  () => {
    const again = join(work, 'again');
    pack(again);
    expect(readdirSync(again).sort()).toEqual(readdirSync(release).sort());
    for (const name of readdirSync(release)) {
      expect(readFileSync(join(again, name)).equals(readFileSync(join(release, name))), `${name} differs between two packings`).toBe(true);
    }
    rmSync(again, { recursive: true, force: true });
  },
  PACK_MS,
);

test('package.mjs names each archive with its size, and the stale archive it removed', () => {
  const lines = packed.stdout.trimEnd().split('\n');
  for (const t of TARGETS) expect(lines.filter((l) => new RegExp(`^package: \\S*/${archiveOf(t).replaceAll('.', '\\.')}  \\d+\\.\\d MB$`).test(l))).toHaveLength(1);
  expect(lines).toContain(`package: removed ${STALE}, not part of this release`);
});
