// The hot path must load nothing it does not use: a regression here costs every SDK call milliseconds.
// Measured costs per start on Node: node:crypto ~3 ms, node:zlib ~4 ms, the SDK chunk ~19 ms, process.stdout ~3 ms.

import { describe, expect, test } from 'vitest';
import { tokenCacheJson } from '../emulator/index.ts';
import { ARTIFACTS, Sandbox, START_URL } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';
import { traceModules } from '../helpers/moduleTrace.ts';

const emu = useE2eEmulator();

// What a cache hit has no use for: hashing and compression libraries, the network stack, and the stdout stream
// (Node's name for its stream module's internals; Bun's chunks name it `stream`).
const FORBIDDEN = /^(crypto|zlib|http|https|http2|net|tls|child_process|stream|internal\/streams\/readable)$/;

describe.each(ARTIFACTS)('%s', (_name, cmd) => {
  test('a cache hit loads no crypto, zlib, network or stream modules, and no chunk', async () => {
    const box = new Sandbox(emu.url);
    box.writeToken(tokenCacheJson(emu.seedLogin({ startUrl: START_URL }), { startUrl: START_URL, region: 'us-east-1' }));
    const cold = await traceModules(box, cmd, ['--profile', 'dev']);
    expect(cold.builtins.filter((m) => /^(http|zlib)$/.test(m)).length).toBeGreaterThan(0); // the probe sees the network path
    const hot = await traceModules(box, cmd, ['--profile', 'dev']);
    expect(hot.builtins.filter((m) => FORBIDDEN.test(m))).toEqual([]);
    expect(hot.chunks).toEqual([]);
  });
});
