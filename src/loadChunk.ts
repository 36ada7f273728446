// Loads the heavy chunk (src/chunk.ts) on first use.
//
// Why a chunk inside the file: V8 pre-parses every function of a script it compiles, so SDK code merely present in
// the bundle costs ~19 ms on every start (measured). The build embeds the chunk's bundled source as a string, which
// V8 only scans; it is compiled here when a network call or a subcommand needs it. One file still ships.

import { createRequire } from 'node:module';
import { compileFunction } from 'node:vm';

export type Chunk = typeof import('./chunk.ts');

declare const __KEYRACK_CHUNK__: string | undefined;

let chunk: Promise<Chunk> | undefined;

export function loadChunk(): Promise<Chunk> {
  chunk ??= typeof __KEYRACK_CHUNK__ === 'string' ? Promise.resolve(evaluate(__KEYRACK_CHUNK__)) : import('./chunk.ts');
  return chunk;
}

/** The chunk is a self-contained CommonJS bundle that requires only Node built-ins (so it also runs in a SEA). */
function evaluate(source: string): Chunk {
  const module = { exports: {} as Chunk };
  const run = compileFunction(source, ['exports', 'require', 'module'], { filename: 'keyrack-cp:chunk.cjs' });
  run(module.exports, createRequire(process.execPath), module);
  return module.exports;
}
