// The hot path must load nothing it does not use: a regression here costs every SDK call milliseconds.
// Measured costs per start: node:crypto ~3 ms, node:zlib ~4 ms, the SDK chunk ~19 ms, process.stdout ~3 ms.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tokenCacheJson } from '../emulator/index.ts';
import { ARTIFACTS, ROOT, Sandbox, START_URL } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';

const emu = useE2eEmulator();

const preload = join(ROOT, 'test', 'e2e', 'module_trace.cjs');

async function loadedModules(box: Sandbox, cmd: readonly string[], args: string[]) {
  const trace = join(mkdtempSync(join(tmpdir(), 'krcp-trace-')), 'modules.json');
  const r = await box.run(cmd, args, { NODE_OPTIONS: `--require ${preload}`, KEYRACK_TRACE_FILE: trace });
  expect([r.code, r.stderr]).toEqual([0, '']);
  return JSON.parse(readFileSync(trace, 'utf8')) as string[];
}

// What a cache hit has no use for: hashing and compression libraries, the network stack, and the stdout stream.
const FORBIDDEN = /^NativeModule (crypto|zlib|http|https|net|tls|child_process|internal\/streams\/readable)$/;

describe.each(ARTIFACTS)('%s', (_name, cmd) => {
  test('a cache hit loads no crypto, zlib, network or stream modules', async () => {
    const box = new Sandbox(emu.url);
    box.writeToken(tokenCacheJson(emu.seedLogin({ startUrl: START_URL }), { startUrl: START_URL, region: 'us-east-1' }));
    const cold = await loadedModules(box, cmd, ['--profile', 'dev']);
    expect(cold.filter((m) => /^NativeModule (http|zlib)$/.test(m)).length).toBeGreaterThan(0); // the probe sees the network path
    const hot = await loadedModules(box, cmd, ['--profile', 'dev']);
    expect(hot.filter((m) => FORBIDDEN.test(m))).toEqual([]);
  });
});
