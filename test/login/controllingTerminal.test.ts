// The prompt device: which one per platform, and both writers on a real pseudo-terminal (test/helpers/run_with_tty.py).
// The console writer is the one Windows uses (a tty stream over CONOUT$); here it runs over /dev/tty, which proves
// it reaches a terminal in full before the process exits at once, as keyrack-cp does. What only Windows can show
// (the UTF-16 conversion of libuv's console writer) cannot be run here.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { beforeAll, describe, expect, test } from 'vitest';
import { hasControllingTerminal, openControllingTerminal } from '../../src/login/controllingTerminal.ts';
import type { Platform } from '../../src/platform/platform.ts';
import { getPromptDevice, type PromptDevice } from '../../src/platform/promptDevice.ts';
import { pythonExecutable } from '../helpers/python.ts';
import { ROOT } from '../helpers/sandbox.ts';

describe('getPromptDevice', () => {
  test.each<[Platform, Omit<PromptDevice, 'why'>]>([
    ['linux', { output: '/dev/tty', input: '/dev/tty', flags: constants.O_WRONLY | constants.O_NOCTTY, writer: 'fd' }],
    ['darwin', { output: '/dev/tty', input: '/dev/tty', flags: constants.O_WRONLY | constants.O_NOCTTY, writer: 'fd' }],
    ['freebsd', { output: '/dev/tty', input: '/dev/tty', flags: constants.O_WRONLY | constants.O_NOCTTY, writer: 'fd' }],
    ['win32', { output: '\\\\.\\CONOUT$', input: '\\\\.\\CONIN$', flags: constants.O_RDWR, writer: 'console' }],
  ])('%s', (platform, expected) => {
    const { why, ...device } = getPromptDevice(platform);
    expect(device).toEqual(expected);
    expect(why).toBe(platform === 'win32' ? 'the console this process is attached to' : 'the controlling terminal');
  });

  test('win32: no O_CREAT, so opening the console never makes a file (here, where there is no such device)', () => {
    const device = getPromptDevice('win32');
    expect(device.flags & constants.O_CREAT).toBe(0);
    expect(openControllingTerminal(device)).toBeNull();
    expect(hasControllingTerminal(device)).toBe(false);
    expect(existsSync(device.output)).toBe(false);
  });
});

describe('openControllingTerminal on a real terminal', () => {
  let script: string;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'krcp-tty-'));
    const entry = join(dir, 'entry.ts');
    // Writes through the device as the sign-in does, then exits at once (keyrack-cp.ts exits when main returns).
    writeFileSync(
      entry,
      `import { constants } from 'node:fs';
       import { hasControllingTerminal, openControllingTerminal } from ${JSON.stringify(join(ROOT, 'src/login/controllingTerminal.ts'))};
       const writer = process.argv[2];
       const device = { output: '/dev/tty', input: '/dev/tty', flags: writer === 'console' ? constants.O_RDWR : constants.O_WRONLY | constants.O_NOCTTY, writer, why: '' };
       const has = hasControllingTerminal(device);
       const tty = openControllingTerminal(device);
       tty?.write('Sign in: é ⠙ … → code ABCD-EFGH\\n');
       tty?.write('\\r\\u001b[Klast line\\n');
       tty?.close();
       tty?.write('after close\\n');
       process.stdout.write(JSON.stringify({ has, opened: tty !== null, isTerminal: tty?.isTerminal ?? null }));
       process.exit(0);`,
    );
    script = join(dir, 'entry.cjs');
    buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: script, logLevel: 'silent' });
  });

  function withTerminal(writer: string) {
    const run = spawnSync(pythonExecutable(), [join(ROOT, 'test', 'helpers', 'run_with_tty.py'), process.execPath, script, writer], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const events = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { tty?: string; exit?: number; stdout?: string; stderr?: string });
    const end = events.at(-1)!;
    return { tty: events.map((e) => e.tty ?? '').join(''), exit: end.exit, result: JSON.parse(end.stdout!), stderr: end.stderr };
  }

  test.each(['fd', 'console'])('the %s writer: every line on the terminal, UTF-8 intact, nothing after close', (writer) => {
    const r = withTerminal(writer);
    expect(r.exit).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.result).toEqual({ has: true, opened: true, isTerminal: true });
    // The terminal's own line discipline turns \n into \r\n.
    expect(r.tty).toBe('Sign in: é ⠙ … → code ABCD-EFGH\r\n\r\u001b[Klast line\r\n');
  });

  test.each(['fd', 'console'])('the %s writer without a controlling terminal (a new session, as a daemon): none', (writer) => {
    const run = spawnSync('setsid', ['--wait', process.execPath, script, writer], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ has: false, opened: false, isTerminal: null });
  });
});
