// Cache paths may hold anything: a regular file is read, anything else fails at once with a code (never a hang).

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { NOT_A_REGULAR_FILE, readRegularFile } from '../../src/fs/readRegularFile.ts';

const dir = mkdtempSync(join(tmpdir(), 'krcp-read-'));
const codeOf = (path: string) => {
  try {
    readRegularFile(path);
    return 'read';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code;
  }
};

describe('readRegularFile', () => {
  test('a regular file, and a symlink to one, are read', () => {
    writeFileSync(join(dir, 'token.json'), '{"a":1}');
    symlinkSync(join(dir, 'token.json'), join(dir, 'link.json'));
    expect(readRegularFile(join(dir, 'token.json'))).toBe('{"a":1}');
    expect(readRegularFile(join(dir, 'link.json'))).toBe('{"a":1}');
  });

  test.each([
    ['a FIFO with no writer (would block a plain read forever)', () => {
      const p = join(dir, 'fifo.json');
      execFileSync('mkfifo', [p]);
      return p;
    }, NOT_A_REGULAR_FILE],
    ['a device that never ends', () => '/dev/zero', NOT_A_REGULAR_FILE],
    ['a directory', () => {
      const p = join(dir, 'dir.json');
      mkdirSync(p);
      return p;
    }, 'EISDIR'],
    ['nothing there', () => join(dir, 'missing.json'), 'ENOENT'],
    ['a dangling symlink', () => {
      const p = join(dir, 'dangling.json');
      symlinkSync(join(dir, 'nowhere'), p);
      return p;
    }, 'ENOENT'],
  ])('%s → %s', (_what, make, code) => {
    expect(codeOf(make())).toBe(code);
  });
});
