// loadChunk.ts for dist/keyrack-cp.cjs (scripts/build.mjs puts this file in its place): each chunk's bundled source
// is embedded in the one file as a brotli-compressed, base64-encoded string, which V8 only scans (a quarter of the
// plain source's 480 KB, whose reading and scanning cost ~5 ms), and is compiled the first time it is used.

import { createRequire } from 'node:module';
import { compileFunction } from 'node:vm';
import type { LockChunk, SdkChunk } from './loadChunk.ts';

/** Set by the build: each chunk's source, brotli + base64. */
declare const __KEYRACK_CHUNKS__: { readonly sdk: string; readonly lock: string };

let sdk: SdkChunk | undefined;
let lock: LockChunk | undefined;

export const loadSdkChunk = async (): Promise<SdkChunk> => (sdk ??= evaluate<SdkChunk>('sdk'));
export const loadLockChunk = async (): Promise<LockChunk> => (lock ??= evaluate<LockChunk>('lock'));

/** A chunk is a self-contained CommonJS bundle that requires only Node built-ins. */
function evaluate<T>(name: 'sdk' | 'lock'): T {
  const require = createRequire(process.execPath);
  // zlib costs ~4 ms to load: only here, never at the top of a module on the hot path.
  const { brotliDecompressSync } = require('node:zlib') as typeof import('node:zlib');
  const source = brotliDecompressSync(Buffer.from(__KEYRACK_CHUNKS__[name], 'base64')).toString('utf8');
  const module = { exports: {} as T };
  const run = compileFunction(source, ['exports', 'require', 'module'], { filename: `keyrack-cp:${name}.cjs` });
  run(module.exports, require, module);
  return module.exports;
}
