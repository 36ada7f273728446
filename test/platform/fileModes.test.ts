// File modes per platform: exact 0600/0700 on POSIX; on Windows none are set or checked, and no text claims one.

import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { writeCredentialsCommand } from '../../src/commands/writeCredentials.ts';
import { writeFileAtomic } from '../../src/fs/writeFileAtomic.ts';
import { secretFileProtection, secretModeRule, syncsDirectory } from '../../src/platform/fileModes.ts';
import type { Platform } from '../../src/platform/platform.ts';

describe('the rules', () => {
  test.each<[Platform, boolean, RegExp, string, boolean]>([
    ['linux', true, /^mode 0600 \(directories 0700\)/, 'mode 0600', true],
    ['darwin', true, /^mode 0600/, 'mode 0600', true],
    ['freebsd', true, /^mode 0600/, 'mode 0600', true],
    ['win32', false, /^Windows has no file modes: the file keeps the permissions it inherits from its folder$/, 'with the permissions it inherits from its folder', false],
  ])('%s: chmod %s, described as %j, directory synced %s', (platform, chmod, why, words, sync) => {
    expect(secretModeRule(platform).chmod).toBe(chmod);
    expect(secretModeRule(platform).why).toMatch(why);
    expect(secretFileProtection(platform)).toBe(words);
    expect(syncsDirectory(platform).sync).toBe(sync);
  });
});

describe('writeFileAtomic, on this host, under each platform rule', () => {
  /** A umask that takes the owner's write bit: only an explicit chmod gives the file 0600 then. */
  function writeUnderUmask(platform: Platform): { mode: number; text: string; left: string[] } {
    const dir = mkdtempSync(join(tmpdir(), 'krcp-modes-'));
    const file = join(dir, 'token.json');
    const old = process.umask(0o277);
    try {
      writeFileAtomic(file, '{"a": 1}', platform);
    } finally {
      process.umask(old);
    }
    return { mode: statSync(file).mode & 0o777, text: readFileSync(file, 'utf8'), left: readdirSync(dir) };
  }

  test.each<[Platform, number]>([
    ['linux', 0o600],
    ['darwin', 0o600],
    ['win32', 0o400],
  ])('%s: the file is written and renamed; its mode %s (set exactly on POSIX, left alone under the Windows rule)', (platform, mode) => {
    const r = writeUnderUmask(platform);
    expect(r.text).toBe('{"a": 1}');
    expect(r.left).toEqual(['token.json']);
    expect(r.mode.toString(8)).toBe(mode.toString(8));
  });
});

describe('help text states only the protection the platform has', () => {
  test.each<[Platform, string, RegExp | null]>([
    ['linux', 'written atomically under a lock, mode 0600.', null],
    ['darwin', 'written atomically under a lock, mode 0600.', null],
    ['win32', 'written atomically under a lock, with the permissions it inherits from its folder.', /0600|0700|chmod/],
  ])('%s: write-credentials --help', (platform, says, never) => {
    const out = writeCredentialsCommand.help(platform);
    expect(out.replace(/\n/g, ' ')).toContain(says);
    if (never) expect(out).not.toMatch(never);
  });
});
