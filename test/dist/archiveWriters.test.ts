// The hand-written ustar and zip writers on the cases the release archives do not reach (empty files, sizes at a
// 512-byte boundary, any input order), read back by GNU tar, by Python's zipfile and by our own ustar reader.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { sha256Sums } from '../../scripts/lib/releaseArchive.mjs';
import { fileInTarball, ustarArchive } from '../../scripts/lib/ustar.mjs';
import { dosDateTime, zipArchive } from '../../scripts/lib/zip.mjs';
import { pythonExecutable } from '../helpers/python.ts';

const MTIME = new Date('2026-12-01T20:18:42Z');
const work = mkdtempSync(join(tmpdir(), 'krcp-archive-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Contents whose sizes sit on and around the 512-byte blocks tar pads to, and one not text. */
const FILES: ReadonlyArray<readonly [string, Buffer]> = [
  ['d/empty', Buffer.alloc(0)],
  ['d/one', Buffer.from('x')],
  ['d/block', Buffer.alloc(512, 'a')],
  ['d/block-and-one', Buffer.alloc(513, 'b')],
  ['d/sub/binary', Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256))],
];
const ENTRIES = [{ name: 'd/', mode: 0o755 }, { name: 'd/sub/', mode: 0o700 }, ...FILES.map(([name, data], i) => ({ name, mode: i === 0 ? 0o755 : 0o644, data }))];

describe('ustarArchive', () => {
  const tar = ustarArchive(ENTRIES, MTIME);

  test('the same entries in another order make the same bytes', () => {
    expect(ustarArchive([...ENTRIES].reverse(), MTIME).equals(tar)).toBe(true);
    expect(ustarArchive(ENTRIES, new Date(MTIME.getTime() + 1000)).equals(tar)).toBe(false); // the mtime is in the bytes
  });

  test('GNU tar lists the entries in name order with their modes, and extracts every file as it went in', () => {
    const listed = spawnSync('tar', ['--list', '--verbose', '--numeric-owner', '--full-time'], { input: tar, encoding: 'utf8', env: { PATH: process.env.PATH, TZ: 'UTC', LC_ALL: 'C' } });
    expect(listed.stderr).toBe('');
    expect(listed.stdout.trimEnd().split('\n').map((l) => l.split(/\s+/).filter((_, i) => i !== 2).join(' '))).toEqual([
      'drwxr-xr-x 0/0 2026-12-01 20:18:42 d/',
      '-rw-r--r-- 0/0 2026-12-01 20:18:42 d/block',
      '-rw-r--r-- 0/0 2026-12-01 20:18:42 d/block-and-one',
      '-rwxr-xr-x 0/0 2026-12-01 20:18:42 d/empty',
      '-rw-r--r-- 0/0 2026-12-01 20:18:42 d/one',
      'drwx------ 0/0 2026-12-01 20:18:42 d/sub/',
      '-rw-r--r-- 0/0 2026-12-01 20:18:42 d/sub/binary',
    ]);
  });

  test.each(FILES)('GNU tar extracts %s byte for byte', (name, data) => {
    const into = mkdtempSync(join(work, 'tar-'));
    const r = spawnSync('tar', ['--extract', '--directory', into], { input: tar });
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(into, name)).equals(data)).toBe(true);
  });

  test.each(FILES)('our own reader finds %s in what the writer wrote', (name, data) => {
    expect(fileInTarball(tar, name).equals(data)).toBe(true);
  });

  test('refuses what it cannot write: a name twice, a name over 100 bytes', () => {
    expect(() => ustarArchive([...ENTRIES, { name: 'd/one', mode: 0o644, data: Buffer.from('y') }], MTIME)).toThrow(/d\/one is in the archive twice/);
    expect(() => ustarArchive([{ name: `${'n'.repeat(101)}`, mode: 0o644, data: Buffer.alloc(0) }], MTIME)).toThrow(/over 100 bytes/);
  });
});

describe('zipArchive', () => {
  const zip = zipArchive(ENTRIES, MTIME);
  const READ_BACK = `
import sys, zipfile, hashlib
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
for i in z.infolist():
    print(i.filename, oct(i.external_attr >> 16), '%04d-%02d-%02d %02d:%02d:%02d' % i.date_time, hashlib.sha256(z.read(i)).hexdigest())
`;

  test('the same entries in another order make the same bytes', () => {
    expect(zipArchive([...ENTRIES].reverse(), MTIME).equals(zip)).toBe(true);
  });

  test("Python's zipfile reads every entry in name order, its mode, its time (2 s resolution) and its bytes (CRC-32 checked)", () => {
    const path = join(work, 'case.zip');
    writeFileSync(path, zip);
    const r = spawnSync(pythonExecutable(), ['-c', READ_BACK, path], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    const of = (name: string) => sha(FILES.find(([n]) => n === name)![1]);
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      `d/ 0o40755 2026-12-01 20:18:42 ${sha(Buffer.alloc(0))}`,
      `d/block 0o100644 2026-12-01 20:18:42 ${of('d/block')}`,
      `d/block-and-one 0o100644 2026-12-01 20:18:42 ${of('d/block-and-one')}`,
      `d/empty 0o100755 2026-12-01 20:18:42 ${of('d/empty')}`,
      `d/one 0o100644 2026-12-01 20:18:42 ${of('d/one')}`,
      `d/sub/ 0o40700 2026-12-01 20:18:42 ${sha(Buffer.alloc(0))}`,
      `d/sub/binary 0o100644 2026-12-01 20:18:42 ${of('d/sub/binary')}`,
    ]);
  });
});

describe('dosDateTime', () => {
  test.each([
    ['1980-01-01T00:00:00Z', 0, (0 << 9) | (1 << 5) | 1],
    ['2026-12-01T20:18:43Z', (20 << 11) | (18 << 5) | 21, (46 << 9) | (12 << 5) | 1],
    ['2107-12-31T23:59:59Z', (23 << 11) | (59 << 5) | 29, (127 << 9) | (12 << 5) | 31],
  ])('%s', (iso, time, date) => {
    expect(dosDateTime(new Date(iso))).toEqual({ time, date });
  });

  test.each(['1979-12-31T23:59:59Z', '2108-01-01T00:00:00Z'])('%s is refused: a zip cannot hold it', (iso) => {
    expect(() => dosDateTime(new Date(iso))).toThrow(/outside what a zip timestamp holds/);
  });
});

test('sha256Sums: "<hex>  <name>" lines in name order, whatever order they come in', () => {
  const a = 'a'.repeat(64);
  const b = 'b'.repeat(64);
  expect(sha256Sums([{ name: 'z.zip', sha256: a }, { name: 'k.tar.gz', sha256: b }])).toBe(`${b}  k.tar.gz\n${a}  z.zip\n`);
});
