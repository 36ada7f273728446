// Where dist/keyrack-cp.cjs keeps V8's code cache of its own code (cjs/chunkRegistry.ts): each platform's place for
// a user's caches. Never under .aws: that folder is the SDKs' (a container may mount it read-only), and a cache is
// not configuration.

import { isWindows, pathFor, type Platform } from './platform.ts';

export type CompileCachePlace = { readonly dir: string; readonly why: string } | { readonly dir: undefined; readonly why: string };

/**
 * - NODE_DISABLE_COMPILE_CACHE set (Node's own switch for its compile cache, since Node 22.1): none.
 * - Windows: %LOCALAPPDATA%\keyrack-cp\cache, else <home>\AppData\Local\keyrack-cp\cache.
 * - macOS: ~/Library/Caches/keyrack-cp.
 * - Everything else: $XDG_CACHE_HOME/keyrack-cp, else ~/.cache/keyrack-cp (the XDG Base Directory rules: a relative
 *   XDG_CACHE_HOME is invalid and ignored).
 * `home` is undefined when no home is known: then only a variable can name the place.
 */
export function compileCacheDir(platform: Platform, env: NodeJS.ProcessEnv, home: string | undefined): CompileCachePlace {
  if (env.NODE_DISABLE_COMPILE_CACHE) return { dir: undefined, why: 'NODE_DISABLE_COMPILE_CACHE is set' };
  const path = pathFor(platform);
  const absolute = (value: string | undefined): value is string => value !== undefined && value !== '' && path.isAbsolute(value);
  const noHome = { dir: undefined, why: 'no home directory is known' } as const;
  if (isWindows(platform)) {
    if (absolute(env.LOCALAPPDATA)) return { dir: path.join(env.LOCALAPPDATA, 'keyrack-cp', 'cache'), why: 'LOCALAPPDATA' };
    return home ? { dir: path.join(home, 'AppData', 'Local', 'keyrack-cp', 'cache'), why: 'the profile folder, as LOCALAPPDATA is not set' } : noHome;
  }
  if (platform === 'darwin') return home ? { dir: path.join(home, 'Library', 'Caches', 'keyrack-cp'), why: "macOS's folder for caches" } : noHome;
  if (absolute(env.XDG_CACHE_HOME)) return { dir: path.join(env.XDG_CACHE_HOME, 'keyrack-cp'), why: 'XDG_CACHE_HOME' };
  return home ? { dir: path.join(home, '.cache', 'keyrack-cp'), why: 'the XDG default, as XDG_CACHE_HOME is not set' } : noHome;
}
