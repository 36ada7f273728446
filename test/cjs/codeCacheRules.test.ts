import { describe, expect, test } from 'vitest';
import { cacheFileName, nodeCacheFolderName, STALE_AFTER_MS, staleCacheFiles, trustCacheFolder } from '../../src/cjs/codeCacheRules.ts';
import { CLOSE_ESCAPE, TAIL_CLOSE, TAIL_OPEN } from '../../src/cjs/chunkRegistry.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/sandbox.ts';

const dir = { isDirectory: true, isSymbolicLink: false, uid: 501, mode: 0o40700 };

describe('trustCacheFolder: V8 runs what a cache holds', () => {
  test.each([
    ['private to its owner', dir, 501, 'linux', { use: true, why: 'private to this user' }],
    ['group-readable, writable by its owner only', { ...dir, mode: 0o40755 }, 501, 'darwin', { use: true, why: 'private to this user' }],
    ['writable by its group', { ...dir, mode: 0o40770 }, 501, 'linux', { use: false, why: 'others may write to it (mode 770)' }],
    ['writable by anyone', { ...dir, mode: 0o40777 }, 501, 'linux', { use: false, why: 'others may write to it (mode 777)' }],
    ["another user's", { ...dir, uid: 0 }, 501, 'linux', { use: false, why: 'it belongs to uid 0' }],
    ['a symbolic link', { ...dir, isSymbolicLink: true, isDirectory: false }, 501, 'linux', { use: false, why: 'it is not a directory' }],
    ['a file', { ...dir, isDirectory: false }, 501, 'linux', { use: false, why: 'it is not a directory' }],
    ['on Windows, whatever its mode says', { ...dir, mode: 0o40777, uid: 0 }, undefined, 'win32', { use: true, why: 'a folder of the user profile' }],
    ['a link on Windows too', { ...dir, isSymbolicLink: true }, undefined, 'win32', { use: false, why: 'it is not a directory' }],
  ] as const)('%s', (_, facts, uid, platform, trust) => {
    expect(trustCacheFolder(facts, uid, platform)).toEqual(trust);
  });
});

describe('staleCacheFiles', () => {
  const now = 1_800_000_000_000;
  const keep = new Set(['chunk-A.js.v8', 'chunk-B.js.v8']);
  test("this build's files stay whatever their age; another build's go after a week; temp files after an hour", () => {
    const files = [
      { name: 'chunk-A.js.v8', mtimeMs: now - 400 * 86400_000 },
      { name: 'chunk-OLD.js.v8', mtimeMs: now - STALE_AFTER_MS - 1 },
      { name: 'chunk-NEWER.js.v8', mtimeMs: now - STALE_AFTER_MS + 60_000 },
      { name: 'chunk-B.js.v8.77.abcdefgh.tmp', mtimeMs: now - 3600_000 - 1 },
      { name: 'chunk-B.js.v8.78.abcdefgh.tmp', mtimeMs: now - 60_000 },
    ];
    expect(staleCacheFiles(files, keep, now)).toEqual(['chunk-OLD.js.v8', 'chunk-B.js.v8.77.abcdefgh.tmp']);
  });
});

test('names: one folder per Node and architecture, one file per chunk', () => {
  expect(nodeCacheFolderName('v20.20.2', 'arm64')).toBe('node-v20.20.2-arm64');
  expect(cacheFileName('./chunk-7ZQ2X1AB.js')).toBe('chunk-7ZQ2X1AB.js.v8');
});

test("the linker writes the tail the registry reads: the same markers and escape (scripts/lib/linkCjs.mjs)", () => {
  const linker = readFileSync(join(ROOT, 'scripts', 'lib', 'linkCjs.mjs'), 'utf8');
  const constant = (name: string) => JSON.parse(linker.match(new RegExp(`const ${name} = '([^']*)';`))![1]!.replace(/^/, '"').replace(/$/, '"')) as string;
  expect([constant('TAIL_OPEN'), constant('TAIL_CLOSE'), constant('CLOSE_ESCAPE')]).toEqual([TAIL_OPEN, TAIL_CLOSE, CLOSE_ESCAPE]);
  const built = readFileSync(join(ROOT, 'dist', 'keyrack-cp.cjs'), 'latin1');
  expect(built.endsWith(TAIL_CLOSE)).toBe(true);
  expect(built).toMatch(new RegExp(`\\n${TAIL_OPEN.replace('*', '\\*')}[0-9a-f]{16}\\n`));
});
