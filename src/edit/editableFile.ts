// Reading a file we are about to rewrite: where it really is (through a symlink), and its bytes as they are now.

import { readFileSync, realpathSync } from 'node:fs';
import { configError, failure } from '../errors.ts';
import { permissionRemedy } from '../platform/permissionRemedy.ts';
import type { Platform } from '../platform/platform.ts';
import { parseIni } from '../config/parseIni.ts';
import type { RawIni } from '../config/types.ts';

/**
 * The file to replace. A rename over a symlink would replace the link itself with a plain file (a dotfiles
 * checkout would silently stop being used), so an existing link is followed to the file it names.
 */
export function resolveEditTarget(path: string, platform: Platform): string {
  try {
    return realpathSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return path; // not there yet (or a dangling link, which readEditable then reports)
    throw cannotRead(path, code, platform);
  }
}

/** The bytes, or null when there is no file yet. */
export function readEditable(path: string, platform: Platform): Buffer | null {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    throw cannotRead(path, code, platform);
  }
}

function cannotRead(path: string, code: string | undefined, platform: Platform) {
  if (code === 'EACCES' || code === 'EPERM') {
    return configError(path, 'cannot be read: permission denied', permissionRemedy(platform, path, 'read and write'));
  }
  if (code === 'EISDIR') return configError(path, 'is a directory, not a file', 'Move the directory away, or name another file.');
  if (code === 'ELOOP') return configError(path, 'is a symlink loop', 'Fix or remove the link.');
  return failure(path, `cannot be read (${code ?? 'error'})`, 'Check the file and try again.');
}

/** Writing failed: say which file and what the system said, and that the old file is intact (writes are atomic). */
export function cannotWrite(path: string, error: unknown) {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  const remedy =
    code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
      ? `Make ${path} and its directory writable by your user.`
      : 'Check the disk and try again.';
  return failure(path, `cannot be written (${code}); the file was left as it was`, remedy);
}

/** An INI file to edit or check against, parsed; null when there is none. */
export function readEditableIni(path: string, platform: Platform): RawIni | null {
  const bytes = readEditable(path, platform);
  return bytes ? parseIni(bytes, path) : null;
}
