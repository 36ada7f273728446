// The platform keyrack-cp runs on, read once by the entry point (keyrack-cp.ts) and passed down, so every rule that
// differs by platform is a pure function of it and can be tested for Windows and macOS on a Linux host.

import { posix, win32, type PlatformPath } from 'node:path';

/** Node's own names: 'linux', 'darwin', 'win32', ... Every platform but Windows follows the POSIX rules here. */
export type Platform = NodeJS.Platform;

export const isWindows = (platform: Platform): boolean => platform === 'win32';

/**
 * The path rules of the platform, not of the host running the code: node:path is path.win32 only on Windows, so a
 * test that builds a Windows cache path on Linux needs path.win32 by name.
 */
export const pathFor = (platform: Platform): PlatformPath => (isWindows(platform) ? win32 : posix);
