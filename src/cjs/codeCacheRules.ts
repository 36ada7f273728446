// The decisions of the .cjs's code cache (chunkRegistry.ts), apart from its file I/O: which folder a Node's cache
// goes in, whether a folder may be trusted, and which old files to remove.

import { isWindows, type Platform } from '../platform/platform.ts';

/**
 * One folder per Node version and architecture: V8 refuses a cache made by another V8, so two Nodes used in turn
 * (nvm) each keep their own instead of overwriting each other's on every switch.
 */
export const nodeCacheFolderName = (nodeVersion: string, arch: string): string => `node-${nodeVersion}-${arch}`;

/** A cache file: the chunk's name in the bundle (a hash of its text) and `.v8` (`chunk-7ZQ2X1AB.js.v8`). */
export const cacheFileName = (chunk: string): string => `${chunk.replace(/^\.\//, '')}.v8`;

export interface FolderFacts {
  readonly isDirectory: boolean;
  readonly isSymbolicLink: boolean;
  readonly uid: number;
  readonly mode: number;
}

export type Trust = { readonly use: boolean; readonly why: string };

/**
 * A code cache is code: V8 runs what it holds. So on POSIX it is read from and written to a folder only when that
 * folder is a real directory (not a link), owned by this user, and writable by no one else: a folder another user
 * can write to could hold their code. Windows has no modes; a folder under the user's profile inherits the profile's
 * permissions (platform/fileModes.ts).
 */
export function trustCacheFolder(facts: FolderFacts, myUid: number | undefined, platform: Platform): Trust {
  if (facts.isSymbolicLink || !facts.isDirectory) return { use: false, why: 'it is not a directory' };
  if (isWindows(platform)) return { use: true, why: 'a folder of the user profile' };
  if (myUid !== undefined && facts.uid !== myUid) return { use: false, why: `it belongs to uid ${facts.uid}` };
  if ((facts.mode & 0o022) !== 0) return { use: false, why: `others may write to it (mode ${(facts.mode & 0o777).toString(8)})` };
  return { use: true, why: 'private to this user' };
}

/** A file whose chunk no build has used for this long is removed when a cache is next written. */
export const STALE_AFTER_MS = 7 * 24 * 3600 * 1000;

/**
 * The files of a Node's cache folder to remove: those of chunks this build does not have (another version of
 * keyrack-cp wrote them), once they are STALE_AFTER_MS old, and temp files a killed process left, once an hour old.
 * A file is written once and never touched again, so its mtime is its age. Two installs used side by side remove
 * each other's files at most once a week, and each then compiles its chunks once more.
 */
export function staleCacheFiles(files: ReadonlyArray<{ readonly name: string; readonly mtimeMs: number }>, keep: ReadonlySet<string>, nowMs: number): string[] {
  return files
    .filter((f) => !keep.has(f.name))
    .filter((f) => nowMs - f.mtimeMs > (f.name.endsWith('.tmp') ? 3600 * 1000 : STALE_AFTER_MS))
    .map((f) => f.name);
}
