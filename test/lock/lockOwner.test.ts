import { mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { LOCK_OWNER_FILE, lockOwnerText, parseLockOwner, readLockOwner, writeLockOwner, type LockOwner } from '../../src/lock/lockOwner.ts';
import { parseProcStat } from '../../src/lock/parseProcStat.ts';

const OWNER: LockOwner = { pid: 4242, host: 'box', bootId: 'b', pidNamespace: 'pid:[1]', startTime: '123', nonce: 'abc' };

test.each<[string, string, LockOwner | null]>([
  ['a whole record', lockOwnerText(OWNER), OWNER],
  ['nulls where this platform knows nothing', JSON.stringify({ ...OWNER, bootId: null, pidNamespace: null, startTime: null }), { ...OWNER, bootId: null, pidNamespace: null, startTime: null }],
  ['half-written (a reader caught the exclusive create mid-write)', lockOwnerText(OWNER).slice(0, 20), null],
  ['empty', '', null],
  ['not an object', '[1,2]', null],
  ['pid 0 (kill(0, 0) would address our own process group)', JSON.stringify({ ...OWNER, pid: 0 }), null],
  ['pid -1 (kill(-1, 0) would address every process)', JSON.stringify({ ...OWNER, pid: -1 }), null],
  ['pid not an integer', JSON.stringify({ ...OWNER, pid: 1.5 }), null],
  ['pid as text', JSON.stringify({ ...OWNER, pid: '4242' }), null],
  ['no nonce', JSON.stringify({ ...OWNER, nonce: '' }), null],
  ['a start time that is not text', JSON.stringify({ ...OWNER, startTime: 123 }), null],
  ['no host', JSON.stringify({ ...OWNER, host: undefined }), null],
])('%s', (_name, text, expected) => {
  expect(parseLockOwner(text)).toEqual(expected);
});

test('the record is created exclusively, 0600, and read back; a second create fails EEXIST', () => {
  const dir = mkdtempSync(join(tmpdir(), 'krcp-owner-'));
  writeLockOwner(dir, OWNER);
  expect(readLockOwner(dir)).toEqual(OWNER);
  expect(statSync(join(dir, LOCK_OWNER_FILE)).mode & 0o777).toBe(0o600);
  expect(() => writeLockOwner(dir, { ...OWNER, nonce: 'other' })).toThrow(expect.objectContaining({ code: 'EEXIST' }));
  expect(readLockOwner(dir)?.nonce).toBe('abc');
  expect(() => writeLockOwner(join(dir, 'gone'), OWNER)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
});

test.each([
  ['no record', () => undefined],
  ['a directory where the record belongs', (dir: string) => mkdirSync(join(dir, LOCK_OWNER_FILE))],
  ['junk', (dir: string) => writeFileSync(join(dir, LOCK_OWNER_FILE), '\0\0')],
])('%s → no owner', (_name, make) => {
  const dir = mkdtempSync(join(tmpdir(), 'krcp-owner-'));
  make(dir);
  expect(readLockOwner(dir)).toBeNull();
});

test.each<[string, string, ReturnType<typeof parseProcStat>]>([
  ['a plain command', '3013 (cat) R 3011 3011 14926 0 -1 4194304 98 0 0 0 0 0 0 0 20 0 1 0 206434 3133440 361 18446744073709551615', { state: 'R', startTime: '206434' }],
  ['a name with spaces and parentheses', '77 (a) b (c)) S 1 77 77 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 999 1 1 1', { state: 'S', startTime: '999' }],
  ['a zombie', '88 (keyrack-cp) Z 1 88 88 0 -1 4227084 0 0 0 0 0 0 0 0 20 0 1 0 31337 0 0 18446744073709551615', { state: 'Z', startTime: '31337' }],
  ['cut short', '88 (keyrack-cp) Z 1 88', null],
  ['not a stat line', 'hello', null],
])('/proc/<pid>/stat: %s', (_name, text, expected) => {
  expect(parseProcStat(text)).toEqual(expected);
});
