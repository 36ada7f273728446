// What to tell a user whose file keyrack-cp may not read: a command that fixes it where the platform has one.

import { isWindows, type Platform } from './platform.ts';

/**
 * POSIX: the chmod that grants it. Windows has no chmod (and no one command line that works in both cmd.exe and
 * PowerShell for the user's own name): the place to grant it.
 */
export function permissionRemedy(platform: Platform, path: string, access: 'read' | 'read and write'): string {
  if (isWindows(platform)) return `Give your Windows user ${access} access to it (the file's Properties, Security tab).`;
  return access === 'read'
    ? `Make it readable by your user, for example: chmod u+r '${path}'`
    : `Make it readable and writable by your user, for example: chmod u+rw '${path}'`;
}
