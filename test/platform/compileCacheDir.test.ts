import { describe, expect, test } from 'vitest';
import { compileCacheDir } from '../../src/platform/compileCacheDir.ts';

describe('compileCacheDir: each platform’s place for a user’s caches', () => {
  test.each([
    ['linux', {}, '/home/u', '/home/u/.cache/keyrack-cp', 'the XDG default, as XDG_CACHE_HOME is not set'],
    ['linux', { XDG_CACHE_HOME: '/var/cache/u' }, '/home/u', '/var/cache/u/keyrack-cp', 'XDG_CACHE_HOME'],
    ['linux', { XDG_CACHE_HOME: 'relative/cache' }, '/home/u', '/home/u/.cache/keyrack-cp', 'the XDG default, as XDG_CACHE_HOME is not set'],
    ['linux', { XDG_CACHE_HOME: '' }, '/home/u', '/home/u/.cache/keyrack-cp', 'the XDG default, as XDG_CACHE_HOME is not set'],
    ['linux', { XDG_CACHE_HOME: '/xdg' }, undefined, '/xdg/keyrack-cp', 'XDG_CACHE_HOME'],
    ['freebsd', {}, '/usr/home/u', '/usr/home/u/.cache/keyrack-cp', 'the XDG default, as XDG_CACHE_HOME is not set'],
    ['darwin', { XDG_CACHE_HOME: '/xdg' }, '/Users/u', '/Users/u/Library/Caches/keyrack-cp', "macOS's folder for caches"],
    ['win32', { LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'C:\\Users\\u', 'C:\\Users\\u\\AppData\\Local\\keyrack-cp\\cache', 'LOCALAPPDATA'],
    ['win32', {}, 'C:\\Users\\u', 'C:\\Users\\u\\AppData\\Local\\keyrack-cp\\cache', 'the profile folder, as LOCALAPPDATA is not set'],
    ['win32', { LOCALAPPDATA: 'AppData' }, 'D:\\home', 'D:\\home\\AppData\\Local\\keyrack-cp\\cache', 'the profile folder, as LOCALAPPDATA is not set'],
  ] as const)('%s, %j, home %s: %s', (platform, env, home, dir, why) => {
    expect(compileCacheDir(platform, env, home)).toEqual({ dir, why });
  });

  test.each(['linux', 'darwin', 'win32'] as const)('%s with no home and no variable naming a place: none', (platform) => {
    expect(compileCacheDir(platform, {}, undefined)).toEqual({ dir: undefined, why: 'no home directory is known' });
  });

  test.each(['linux', 'darwin', 'win32'] as const)('%s: NODE_DISABLE_COMPILE_CACHE (Node’s own switch) turns it off', (platform) => {
    expect(compileCacheDir(platform, { NODE_DISABLE_COMPILE_CACHE: '1', XDG_CACHE_HOME: '/xdg', LOCALAPPDATA: 'C:\\L' }, '/home/u')).toEqual({ dir: undefined, why: 'NODE_DISABLE_COMPILE_CACHE is set' });
  });
});
