// Loads a chunk of the code that the hot path does not use, on first use.
//
// Why chunks inside the file: V8 pre-parses every function of a script it compiles, so SDK code merely present in
// the bundle costs ~19 ms on every start (measured). The .cjs build embeds each chunk's bundled source as a string,
// brotli-compressed and base64-encoded, which V8 only scans (a quarter of the plain source's 480 KB, whose reading
// and scanning cost ~5 ms); the single executable carries them as SEA assets, which cost nothing until read.
// Either way one file ships. The lock has its own small
// chunk so that the many processes which only wait for another one's refresh never compile the SDK (19 ms each).

import { createRequire } from 'node:module';
import { compileFunction } from 'node:vm';

export type SdkChunk = typeof import('./sdk.ts');
export type LockChunk = typeof import('./lock.ts');

/** Set by the build: the chunks (brotli + base64), or 'sea-assets' in the single executable. Unset in tests. */
declare const __KEYRACK_CHUNKS__: { readonly sdk: string; readonly lock: string } | 'sea-assets' | undefined;

type ChunkName = 'sdk' | 'lock';

let sdk: Promise<SdkChunk> | undefined;
let lock: Promise<LockChunk> | undefined;

export function loadSdkChunk(): Promise<SdkChunk> {
  sdk ??= typeof __KEYRACK_CHUNKS__ === 'undefined' ? import('./sdk.ts') : Promise.resolve(evaluate<SdkChunk>('sdk'));
  return sdk;
}

export function loadLockChunk(): Promise<LockChunk> {
  lock ??= typeof __KEYRACK_CHUNKS__ === 'undefined' ? import('./lock.ts') : Promise.resolve(evaluate<LockChunk>('lock'));
  return lock;
}

/** A chunk is a self-contained CommonJS bundle that requires only Node built-ins (so it also runs in a SEA). */
function evaluate<T>(name: ChunkName): T {
  const require = createRequire(process.execPath);
  const source =
    __KEYRACK_CHUNKS__ === 'sea-assets'
      ? (require('node:sea') as { getAsset(key: string, encoding: string): string }).getAsset(`${name}.cjs`, 'utf8')
      : // zlib costs ~4 ms to load: only here, never at the top of a module on the hot path.
        (require('node:zlib') as typeof import('node:zlib')).brotliDecompressSync(Buffer.from(__KEYRACK_CHUNKS__![name], 'base64')).toString('utf8');
  const module = { exports: {} as T };
  const run = compileFunction(source, ['exports', 'require', 'module'], { filename: `keyrack-cp:${name}.cjs` });
  run(module.exports, require, module);
  return module.exports;
}
