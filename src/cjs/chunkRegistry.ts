// The module registry at the head of dist/keyrack-cp.cjs: scripts/lib/linkCjs.mjs bundles this file there, and the
// chunks every start runs follow it as plain functions. Every other chunk's text sits in the comment that ends the
// file (V8 skips a comment faster than anything else; a string would be copied and hashed at every start), and is
// compiled the first time an import() asks for it.
//
// Compiled with V8's code cache of it, when an earlier run made one: Node 20 keeps no compiled code itself
// (module.enableCompileCache is Node 22's), and compiling the SDK's chunks took 12 ms of every network run on the
// test machine. The cache (platform/compileCacheDir.ts, codeCacheRules.ts):
// - one file per chunk, made at exit by a run that compiled the chunk without one and succeeded (so it holds the
//   functions that run used), renamed into place whole, mode 0600 in a folder of mode 0700;
// - read only from a folder private to the user: V8 runs what a cache holds;
// - each file starts with the SHA-256 of the rest, checked before V8 sees it: V8 in release builds does not check
//   its own checksum and aborts the process on a damaged cache (measured: 16 bytes changed anywhere);
// - a cache V8 refuses (another V8, other flags) costs a compile, and its file is made again.
// A cache that cannot be read or written costs the time it would have saved and nothing else: no error of it
// reaches the user. The single executables need none of this: Bun compiled their code at build time.

import { closeSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Script } from 'node:vm';
import { compileCacheDir } from '../platform/compileCacheDir.ts';
import { isWindows, type Platform } from '../platform/platform.ts';
import { cacheFileName, nodeCacheFolderName, staleCacheFiles, trustCacheFolder } from './codeCacheRules.ts';

type ModuleFunction = (exports: unknown, require: (id: string) => unknown, module: { exports: unknown }) => void;

export interface BundleTable {
  /** Each lazy chunk's text in the file's final comment: [start, end) offsets into the comment's text. */
  readonly lazy: Readonly<Record<string, readonly [number, number]>>;
  /** The length of the comment's text. */
  readonly textLength: number;
  /** A hash of the comment's text, which opens it too: a file replaced while a run used it is told apart. */
  readonly id: string;
}

export interface Registry {
  define(id: string, fn: ModuleFunction): void;
  require(id: string): unknown;
}

/** The comment that ends the file, `/*keyrack-chunks <id>` and a newline, then every lazy chunk, one after the other. */
export const TAIL_OPEN = '/*keyrack-chunks ';
export const TAIL_CLOSE = '*/\n';
/** `*\/` would end the comment early: in the file it is written with this byte between its two characters. */
export const CLOSE_ESCAPE = '*\u0001/';

/**
 * @param file         the .cjs's own path (its __filename)
 * @param nodeRequire  the .cjs's own require: Node's built-ins, for whatever no chunk holds
 */
export function createRegistry(file: string, table: BundleTable, nodeRequire: NodeJS.Require): Registry {
  const modules: Record<string, ModuleFunction> = {};
  const loaded: Record<string, { exports: unknown }> = {};
  let tail: ((start: number, end: number) => string) | undefined;
  let compiler: ChunkCompiler | undefined;
  const compileLazy = (id: string): ModuleFunction => {
    tail ??= openTail(file, table);
    compiler ??= chunkCompiler(nodeRequire, process.platform, process.env, new Set(Object.keys(table.lazy).map(cacheFileName)));
    const [start, end] = table.lazy[id]!;
    const source = tail(start, end);
    return compiler.compile(id, source.includes(CLOSE_ESCAPE) ? source.split(CLOSE_ESCAPE).join('*/') : source);
  };
  const require = (id: string): unknown => {
    const hit = loaded[id];
    if (hit) return hit.exports;
    let fn = modules[id];
    if (!fn) {
      if (!Object.hasOwn(table.lazy, id)) return nodeRequire(id);
      fn = modules[id] = compileLazy(id);
    }
    const m = (loaded[id] = { exports: {} });
    fn(m.exports, require, m);
    return m.exports;
  };
  return { define: (id, fn) => void (modules[id] = fn), require };
}

/**
 * A reader of the comment's text, from the file held open: read a chunk at a time (the whole file at once cost a
 * network run 0.7 ms more), and from the file as it was when first opened, should an upgrade replace it later. A file
 * that already holds something else (replaced before this, cut short, edited) ends the run at once with what to
 * do: its offsets would point into other code.
 */
function openTail(file: string, table: BundleTable): (start: number, end: number) => string {
  const open = Buffer.from(`${TAIL_OPEN}${table.id}\n`, 'latin1');
  const close = Buffer.from(TAIL_CLOSE, 'latin1');
  let problem: string;
  try {
    const fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const at = size - close.length - table.textLength; // where the text starts in the file
    const read = (from: number, length: number): Buffer => {
      const bytes = Buffer.alloc(length);
      for (let got = 0; got < length; ) {
        const n = readSync(fd, bytes, got, length - got, from + got);
        if (n === 0) throw Object.assign(new Error('the file ended early'), { code: 'EOF' });
        got += n;
      }
      return bytes;
    };
    if (at - open.length >= 0 && read(at - open.length, open.length).equals(open) && read(size - close.length, close.length).equals(close)) {
      // latin1: the build writes ASCII only, so one character is one byte and the offsets hold.
      return (start, end) => read(at + start, end - start).toString('latin1');
    }
    closeSync(fd);
    problem = 'no longer holds the code this run started with (replaced, for example by an upgrade, or damaged)';
  } catch (error) {
    problem = `cannot be read again (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  writeSync(2, `keyrack-cp: ${printableQuoted(file)} ${problem}. Run the command again; if this persists, install keyrack-cp again.\n`);
  process.exit(1);
}

/** The path as the file system gives it, with anything a terminal would act on shown as an escape. */
const printableQuoted = (path: string): string => JSON.stringify(path).slice(1, -1);

interface ChunkCompiler {
  compile(id: string, source: string): ModuleFunction;
}

interface Made {
  readonly file: string;
  readonly script: Script;
}

function chunkCompiler(nodeRequire: NodeJS.Require, platform: Platform, env: NodeJS.ProcessEnv, keep: ReadonlySet<string>): ChunkCompiler {
  const { Script } = nodeRequire('node:vm') as typeof import('node:vm');
  const folder = cacheFolder(nodeRequire, platform, env);
  const trust = folder === undefined ? 'none' : folderTrust(folder, platform);
  const made: Made[] = [];
  // Only a run that succeeded writes (a configuration error writes nothing anywhere, the cache included).
  if (folder !== undefined && trust !== 'untrusted') process.once('exit', (code) => code === 0 && writeCaches(nodeRequire, folder, platform, made, keep));
  return {
    compile(id, source) {
      const file = folder === undefined ? undefined : join(folder, cacheFileName(id));
      const cachedData = file !== undefined && trust === 'trusted' ? readCacheFile(nodeRequire, file) : undefined;
      const script = new Script(`(function(exports,require,module){${source}\n})`, { filename: `keyrack-cp:${id}`, cachedData });
      if (file !== undefined && trust !== 'untrusted' && (cachedData === undefined || script.cachedDataRejected)) made.push({ file, script });
      return script.runInThisContext() as ModuleFunction;
    },
  };
}

/**
 * The folder of this Node's cache files, or undefined when there is no place for one. Home is looked up as
 * platform/homeDirectory.ts does, short of its last resort and its error: a cache is not .aws, and must not fail a run.
 */
function cacheFolder(nodeRequire: NodeJS.Require, platform: Platform, env: NodeJS.ProcessEnv): string | undefined {
  let home = env.HOME || (isWindows(platform) ? env.USERPROFILE : undefined);
  if (!home) {
    try {
      home = (nodeRequire('node:os') as typeof import('node:os')).homedir();
    } catch {
      home = undefined;
    }
  }
  const place = compileCacheDir(platform, env, home || undefined);
  return place.dir === undefined ? undefined : join(place.dir, nodeCacheFolderName(process.version, process.arch));
}

/** 'absent' folders are made at exit, and checked then. */
function folderTrust(folder: string, platform: Platform): 'trusted' | 'untrusted' | 'absent' {
  try {
    const st = lstatSync(folder);
    return trustCacheFolder({ isDirectory: st.isDirectory(), isSymbolicLink: st.isSymbolicLink(), uid: st.uid, mode: st.mode }, process.getuid?.(), platform).use
      ? 'trusted'
      : 'untrusted';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : 'untrusted';
  }
}

const DIGEST_BYTES = 32;

function readCacheFile(nodeRequire: NodeJS.Require, file: string): Buffer | undefined {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    return undefined;
  }
  if (raw.length <= DIGEST_BYTES) return undefined;
  const data = raw.subarray(DIGEST_BYTES);
  return sha256(nodeRequire, data).equals(raw.subarray(0, DIGEST_BYTES)) ? data : undefined;
}

const sha256 = (nodeRequire: NodeJS.Require, data: Buffer): Buffer =>
  (nodeRequire('node:crypto') as typeof import('node:crypto')).createHash('sha256').update(data).digest();

function writeCaches(nodeRequire: NodeJS.Require, folder: string, platform: Platform, made: readonly Made[], keep: ReadonlySet<string>): void {
  if (made.length === 0) return;
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    if (folderTrust(folder, platform) !== 'trusted') return;
    for (const { file, script } of made) {
      const data = script.createCachedData();
      writeWhole(file, Buffer.concat([sha256(nodeRequire, data), data]));
    }
    const now = Date.now();
    const files = readdirSync(folder).map((name) => ({ name, mtimeMs: statSync(join(folder, name)).mtimeMs }));
    for (const name of staleCacheFiles(files, keep, now)) unlinkSync(join(folder, name));
  } catch {
    // Nothing to tell: the next run compiles what this one could not keep.
  }
}

/**
 * Written under a temp name, then renamed over the target: a reader sees no part of a file. Not fsynced, unlike the
 * token and credential files: a file a crash leaves short or empty fails its SHA-256 and is made again, and each
 * fsync would hold up the caller of the first run (it reads our stdout until we exit) once per chunk.
 */
function writeWhole(file: string, bytes: Buffer): void {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at, at);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, file);
  } catch (error) {
    unlinkSync(tmp);
    throw error;
  }
}
