// A file keyrack-cp may not read: the remedy is a chmod on POSIX, and no chmod on Windows, which has none.

import { expect, test } from 'vitest';
import { permissionRemedy } from '../../src/platform/permissionRemedy.ts';
import type { Platform } from '../../src/platform/platform.ts';

test.each<[Platform, 'read' | 'read and write', string, string]>([
  ['linux', 'read', '/home/me/.aws/config', "Make it readable by your user, for example: chmod u+r '/home/me/.aws/config'"],
  ['linux', 'read and write', '/home/me/.aws/credentials', "Make it readable and writable by your user, for example: chmod u+rw '/home/me/.aws/credentials'"],
  ['darwin', 'read', '/Users/me/.aws/config', "Make it readable by your user, for example: chmod u+r '/Users/me/.aws/config'"],
  ['win32', 'read', 'C:\\Users\\me\\.aws\\config', "Give your Windows user read access to it (the file's Properties, Security tab)."],
  ['win32', 'read and write', 'C:\\Users\\me\\.aws\\credentials', "Give your Windows user read and write access to it (the file's Properties, Security tab)."],
])('%s, %s: %s', (platform, access, path, remedy) => {
  expect(permissionRemedy(platform, path, access)).toBe(remedy);
});
