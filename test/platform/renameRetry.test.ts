// When a failed rename over a cache file is tried again: Windows only, for the codes of a file another process
// holds open, within a 1 s budget. The decision table, then the loop with the rename failing as Windows makes it fail
// (Linux cannot make a rename fail with EBUSY on demand, so the rename, the sleep and the clock are passed in).

import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { renameWithRetry, SYSTEM_RENAME, type RenameEffects } from '../../src/fs/renameWithRetry.ts';
import type { Platform } from '../../src/platform/platform.ts';
import { planRenameRetry, RENAME_RETRY_BUDGET_MS } from '../../src/platform/renameRetry.ts';
import { HOST_PLATFORM } from '../helpers/hostPlatform.ts';

describe('planRenameRetry', () => {
  test.each<[string, Platform, string | undefined, number, number, { retry: boolean; afterMs?: number }, RegExp]>([
    ['win32 EPERM (access denied: the file is open without FILE_SHARE_DELETE)', 'win32', 'EPERM', 1, 0, { retry: true, afterMs: 10 }, /^EPERM: another process may hold the file open .*; attempt 2 in 10 ms$/],
    ['win32 EBUSY (sharing violation)', 'win32', 'EBUSY', 1, 0, { retry: true, afterMs: 10 }, /^EBUSY: .*attempt 2 in 10 ms/],
    ['win32 EACCES', 'win32', 'EACCES', 1, 0, { retry: true, afterMs: 10 }, /^EACCES: /],
    ['win32: the delay grows by 10 ms', 'win32', 'EBUSY', 4, 100, { retry: true, afterMs: 40 }, /attempt 5 in 40 ms/],
    ['win32: the delay stops growing at 100 ms', 'win32', 'EBUSY', 30, 500, { retry: true, afterMs: 100 }, /in 100 ms/],
    ['win32: the last delay ends at the budget, not after it', 'win32', 'EPERM', 12, RENAME_RETRY_BUDGET_MS - 7, { retry: true, afterMs: 7 }, /in 7 ms/],
    ['win32: the budget spent: give up', 'win32', 'EBUSY', 15, RENAME_RETRY_BUDGET_MS, { retry: false }, /^still EBUSY after 15 attempts in 1000 ms: another process keeps the file open$/],
    ['win32: over the budget: give up', 'win32', 'EPERM', 3, 5000, { retry: false }, /^still EPERM after 3 attempts in 5000 ms/],
    ['win32 ENOENT (the temp file is gone): not retried', 'win32', 'ENOENT', 1, 0, { retry: false }, /^ENOENT is not another process holding the file open$/],
    ['win32 ENOSPC: not retried', 'win32', 'ENOSPC', 1, 0, { retry: false }, /^ENOSPC is not/],
    ['win32 EXDEV: not retried', 'win32', 'EXDEV', 1, 0, { retry: false }, /^EXDEV is not/],
    ['win32, no code: not retried', 'win32', undefined, 1, 0, { retry: false }, /^an error without a code is not/],
    ['linux EBUSY: not retried (a rename over an open file cannot fail here)', 'linux', 'EBUSY', 1, 0, { retry: false }, /^EBUSY: a rename over an open file cannot fail here, so the cause lasts$/],
    ['linux EPERM: not retried', 'linux', 'EPERM', 1, 0, { retry: false }, /^EPERM: /],
    ['linux EACCES: not retried', 'linux', 'EACCES', 1, 0, { retry: false }, /^EACCES: /],
    ['darwin EPERM: not retried', 'darwin', 'EPERM', 1, 0, { retry: false }, /^EPERM: a rename over an open file cannot fail here/],
    ['darwin EBUSY: not retried', 'darwin', 'EBUSY', 1, 0, { retry: false }, /cannot fail here/],
  ])('%s', (_rule, platform, code, failures, elapsedMs, expected, reason) => {
    const plan = planRenameRetry(platform, code, failures, elapsedMs);
    expect(plan.retry).toBe(expected.retry);
    if (plan.retry) expect(plan.afterMs).toBe(expected.afterMs);
    expect(plan.reason).toMatch(reason);
  });

  test('win32: the delays of one held file add up to the budget and no more', () => {
    let elapsed = 0;
    let failures = 0;
    for (;;) {
      const plan = planRenameRetry('win32', 'EBUSY', ++failures, elapsed);
      if (!plan.retry) break;
      elapsed += plan.afterMs;
    }
    expect(elapsed).toBe(RENAME_RETRY_BUDGET_MS);
    expect(failures).toBe(16); // 10+20+…+100 is 550 ms after 10 tries, then 100 ms steps up to 1000 ms
  });
});

/** A rename that fails with `codes` in turn, then succeeds (or fails for ever with the last code); time passes only in sleep. */
function windowsLikeRename(codes: readonly string[], opts: { forever?: boolean } = {}) {
  let now = 0;
  const calls: string[] = [];
  const sleeps: number[] = [];
  const effects: RenameEffects = {
    rename: (from, to) => {
      calls.push(`${from}→${to}`);
      const code = calls.length <= codes.length ? codes[calls.length - 1] : opts.forever ? codes.at(-1) : undefined;
      if (code) throw Object.assign(new Error(`${code}: operation not permitted, rename '${from}' -> '${to}'`), { code });
    },
    sleep: (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    clock: () => now,
  };
  return { effects, calls, sleeps, elapsed: () => now };
}

describe('renameWithRetry', () => {
  test('win32: a target held for three attempts is replaced on the fourth', () => {
    const r = windowsLikeRename(['EBUSY', 'EPERM', 'EACCES']);
    expect(renameWithRetry('t.tmp', 't.json', 'win32', r.effects)).toBe(4);
    expect(r.calls).toEqual(['t.tmp→t.json', 't.tmp→t.json', 't.tmp→t.json', 't.tmp→t.json']);
    expect(r.sleeps).toEqual([10, 20, 30]);
  });

  test('win32: a target held for good: the last error, thrown after 1 s of attempts', () => {
    const r = windowsLikeRename(['EBUSY'], { forever: true });
    expect(() => renameWithRetry('t.tmp', 't.json', 'win32', r.effects)).toThrow(expect.objectContaining({ code: 'EBUSY' }));
    expect(r.elapsed()).toBe(RENAME_RETRY_BUDGET_MS);
    expect(r.calls).toHaveLength(16);
  });

  test('win32: an error that is no held file is thrown at once', () => {
    const r = windowsLikeRename(['ENOENT']);
    expect(() => renameWithRetry('t.tmp', 't.json', 'win32', r.effects)).toThrow(expect.objectContaining({ code: 'ENOENT' }));
    expect(r.calls).toHaveLength(1);
    expect(r.sleeps).toEqual([]);
  });

  test.each<Platform>(['linux', 'darwin'])('%s: EBUSY and EPERM are thrown at once', (platform) => {
    for (const code of ['EBUSY', 'EPERM', 'EACCES']) {
      const r = windowsLikeRename([code]);
      expect(() => renameWithRetry('t.tmp', 't.json', platform, r.effects)).toThrow(expect.objectContaining({ code }));
      expect(r.calls).toHaveLength(1);
      expect(r.sleeps).toEqual([]);
    }
  });

  test('a first success takes one attempt and no sleep, on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const r = windowsLikeRename([]);
      expect(renameWithRetry('t.tmp', 't.json', platform, r.effects)).toBe(1);
      expect(r.sleeps).toEqual([]);
    }
  });

  test('the real effects: a rename over an existing file, on this host', () => {
    const dir = mkdtempSync(join(tmpdir(), 'krcp-rename-'));
    writeFileSync(join(dir, 'a.json'), 'old');
    writeFileSync(join(dir, 'a.json.tmp'), 'new');
    expect(renameWithRetry(join(dir, 'a.json.tmp'), join(dir, 'a.json'), HOST_PLATFORM, SYSTEM_RENAME)).toBe(1);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('new');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  test('the real sleep blocks for about the time asked', () => {
    const start = SYSTEM_RENAME.clock();
    SYSTEM_RENAME.sleep(30);
    const slept = SYSTEM_RENAME.clock() - start;
    expect(slept).toBeGreaterThanOrEqual(29);
    expect(slept).toBeLessThan(500);
  });
});
