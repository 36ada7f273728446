// Reading a cache file whose path may hold anything: another tool, a sync client or a user can leave a FIFO there
// (opening or reading it would wait forever for a writer), a device that never ends (/dev/zero), or a directory.

import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';

/** The `code` of the error thrown for a path that exists but is not a regular file (a FIFO, a device, a socket). */
export const NOT_A_REGULAR_FILE = 'not a regular file';

/**
 * The file's text, if it is a regular file. Throws the file system's error (ENOENT, EACCES, EISDIR...) or one with
 * code NOT_A_REGULAR_FILE. The same system calls as readFileSync(path): nothing added to the hot path.
 */
export function readRegularFile(path: string): string {
  // O_NONBLOCK: opening a FIFO that has no writer returns at once instead of blocking. It changes nothing for a file.
  // Windows has neither the flag (fs.constants lacks it, so it adds nothing there) nor FIFOs in the file system.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read '${path}'`), { code: 'EISDIR' });
    if (!stat.isFile()) throw Object.assign(new Error(`${path} is ${NOT_A_REGULAR_FILE}`), { code: NOT_A_REGULAR_FILE });
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}
