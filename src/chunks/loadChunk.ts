// Loads a chunk of the code that the hot path does not use, on first use.
//
// Why chunks inside the file: V8 pre-parses every function of a script it compiles, so SDK code merely present in
// the bundle costs ~19 ms on every start (measured). The build embeds each chunk's bundled source as a string,
// which V8 only scans; it is compiled here when needed. One file still ships. The lock has its own small chunk so
// that the many processes which only wait for another one's refresh never compile the SDK (19 ms each).

import { createRequire } from 'node:module';
import { compileFunction } from 'node:vm';

export type SdkChunk = typeof import('./sdk.ts');
export type LockChunk = typeof import('./lock.ts');

declare const __KEYRACK_CHUNKS__: { readonly sdk: string; readonly lock: string } | undefined;

let sdk: Promise<SdkChunk> | undefined;
let lock: Promise<LockChunk> | undefined;

export function loadSdkChunk(): Promise<SdkChunk> {
  sdk ??= typeof __KEYRACK_CHUNKS__ === 'object' ? Promise.resolve(evaluate(__KEYRACK_CHUNKS__.sdk, 'sdk')) : import('./sdk.ts');
  return sdk;
}

export function loadLockChunk(): Promise<LockChunk> {
  lock ??= typeof __KEYRACK_CHUNKS__ === 'object' ? Promise.resolve(evaluate(__KEYRACK_CHUNKS__.lock, 'lock')) : import('./lock.ts');
  return lock;
}

/** A chunk is a self-contained CommonJS bundle that requires only Node built-ins (so it also runs in a SEA). */
function evaluate<T>(source: string, name: string): T {
  const module = { exports: {} as T };
  const run = compileFunction(source, ['exports', 'require', 'module'], { filename: `keyrack-cp:${name}.cjs` });
  run(module.exports, createRequire(process.execPath), module);
  return module.exports;
}
