// fileInTarball (scripts/lib/bunRuntime.mjs), the hand-written ustar reader that takes a Bun runtime out of its npm
// package: read against archives made by the real writers, npm pack and GNU tar, in each way they name a file.

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, test } from 'vitest';
import { fileInTarball } from '../../scripts/lib/ustar.mjs';

const work = mkdtempSync(join(tmpdir(), 'krcp-tar-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// A 135-character path: npm and ustar split it into the prefix and name fields; GNU tar's pax writes a pax header.
const LONG_DIR = `${'deep/'.repeat(24)}bin`;
// A 110-character file name is past ustar's 100: npm and pax write a pax header, and ustar cannot hold it at all.
const VERY_LONG = `bin/${'b'.repeat(110)}`;

/** name → size. Sizes off and on the 512-byte blocks, and each file's bytes its own, so a misread shows. */
const FILES: Record<string, number> = { 'README.md': 0, 'bin/bun': 5000, [`${LONG_DIR}/bun`]: 1024, [VERY_LONG]: 513 };
const PACKAGE_JSON = JSON.stringify({ name: 'fixture', version: '1.0.0' }); // npm pack reads it
const contentOf = (name: string) =>
  name === 'package.json' ? Buffer.from(PACKAGE_JSON) : Buffer.from(Array.from({ length: FILES[name]! }, (_, i) => (i * 31 + name.length) & 0xff));

/** A folder `package/` under a new directory, holding `names`; returns that directory. */
function packageFolder(names: readonly string[]): string {
  const top = mkdtempSync(join(work, 'src-'));
  for (const name of names) {
    mkdirSync(dirname(join(top, 'package', name)), { recursive: true });
    writeFileSync(join(top, 'package', name), contentOf(name));
  }
  return top;
}
const gnuTar = (format: string, top: string, names: readonly string[]) =>
  execFileSync('tar', [`--format=${format}`, '-cf', '-', '-C', top, ...names.map((n) => `package/${n}`)], { maxBuffer: 1 << 20 });

const ALL = ['package.json', ...Object.keys(FILES)];
const USTAR_ONLY = ALL.filter((n) => n !== VERY_LONG);

/** The writers of what we read: npm pack, as the registry's tarballs are made, and GNU tar in each format. */
const archives: Array<[string, readonly string[], () => Buffer]> = [
  [
    'npm pack',
    ALL,
    () => {
      const top = packageFolder(ALL);
      const [packed] = JSON.parse(execFileSync('npm', ['pack', '--pack-destination', top, '--json', '--silent'], { cwd: join(top, 'package'), encoding: 'utf8' }));
      return gunzipSync(readFileSync(join(top, packed.filename)));
    },
  ],
  ['GNU tar, pax', ALL, () => gnuTar('pax', packageFolder(ALL), ALL)],
  ['GNU tar, ustar', USTAR_ONLY, () => gnuTar('ustar', packageFolder(USTAR_ONLY), USTAR_ONLY)],
];

describe.each(archives)('%s', (_writer, names, make) => {
  const tar = make();

  test.each(names)('%s: its bytes, exactly', (name) => {
    expect(fileInTarball(tar, `package/${name}`).equals(contentOf(name))).toBe(true);
  });

  test('a file the archive does not hold is an error naming it', () => {
    expect(() => fileInTarball(tar, 'package/bin/bun.exe')).toThrow('package/bin/bun.exe is not in the package');
  });
});

test('a symbolic link with the name is not the file: only a regular file is taken', () => {
  const top = packageFolder(['bin/bun']);
  rmSync(join(top, 'package', 'bin', 'bun'));
  symlinkSync('../README.md', join(top, 'package', 'bin', 'bun'));
  const tar = gnuTar('pax', top, ['bin/bun']);
  expect(() => fileInTarball(tar, 'package/bin/bun')).toThrow('package/bin/bun is not in the package');
});

test('the end-of-archive blocks stop the read: a file after them is not found', () => {
  const top = packageFolder(['bin/bun', 'README.md']);
  const joined = Buffer.concat([gnuTar('ustar', top, ['bin/bun']), gnuTar('ustar', top, ['README.md'])]);
  expect(fileInTarball(joined, 'package/bin/bun').equals(contentOf('bin/bun'))).toBe(true);
  expect(() => fileInTarball(joined, 'package/README.md')).toThrow('package/README.md is not in the package');
});
