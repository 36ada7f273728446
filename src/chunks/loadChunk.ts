// Loads the code the hot path does not use, on first use: the AWS SDK calls and the subcommands, and the lock.
//
// Why chunks: compiling code costs start-up time whether or not it runs (V8 pre-parses every function of a script;
// JavaScriptCore decodes the bytecode it is given), so SDK code merely present in the hot path's file costs ~19 ms
// on every start (measured). The lock has its own small chunk so that the many processes which only wait for
// another one's refresh never load the SDK.
//
// Written as import(): Bun's bundler makes each a separate bytecode chunk inside the executable, and the tests run
// these sources as they are. esbuild splits only ESM, so the .cjs build replaces this file with embeddedChunks.ts.

export type SdkChunk = typeof import('./sdk.ts');
export type LockChunk = typeof import('./lock.ts');

let sdk: Promise<SdkChunk> | undefined;
let lock: Promise<LockChunk> | undefined;

export const loadSdkChunk = (): Promise<SdkChunk> => (sdk ??= import('./sdk.ts'));
export const loadLockChunk = (): Promise<LockChunk> => (lock ??= import('./lock.ts'));
