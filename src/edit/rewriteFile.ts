// Rewrites an AWS config or credentials file the one safe way: under the file's lock, from a fresh read, and only if
// the file is still what was read just before the rename, atomically. The edit itself is the caller's, pure.

import { parseIni } from '../config/parseIni.ts';
import type { RawIni } from '../config/types.ts';
import { failure } from '../errors.ts';
import { writeFileAtomic } from '../fs/writeFileAtomic.ts';
import type { Logger } from '../log.ts';
import type { Platform } from '../platform/platform.ts';
import { withFileLock } from '../lock/withFileLock.ts';
import { cannotWrite, readEditable, resolveEditTarget } from './editableFile.ts';

/**
 * An editor that does not take our lock (aws configure, a text editor) can still save between our read and our
 * rename; the file is read again just before the rename and the edit redone on the newer text, a bounded number of
 * times, so their change is never overwritten by ours.
 */
const MAX_ATTEMPTS = 3;

export interface CurrentFile {
  /** '' when there is no file yet. */
  readonly text: string;
  /** parseIni(text): a file the AWS CLI would refuse is refused before the edit sees it, with its line. */
  readonly raw: RawIni;
  /** The file written (a symlink's target). */
  readonly path: string;
}

/** The new text, or null when the file already says what it should; and what the caller reports either way. */
export type FileEdit<T> = { readonly text: string | null; readonly result: T };

export async function rewriteFile<T>(
  file: string,
  subject: string,
  options: { readonly log: Logger; readonly platform: Platform },
  edit: (current: CurrentFile) => FileEdit<T>,
): Promise<T> {
  return withFileLock(file, subject, options.log, async () => {
    const path = resolveEditTarget(file, options.platform);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const bytes = readEditable(path, options.platform);
      const done = edit({ text: bytes?.toString('utf8') ?? '', raw: parseIni(bytes ?? '', file), path });
      if (done.text === null) return done.result;
      const now = readEditable(path, options.platform);
      if (!sameBytes(now, bytes)) {
        options.log.debug(`${path} changed while it was being edited; editing the new version`);
        continue;
      }
      try {
        writeFileAtomic(path, done.text, options.platform);
      } catch (error) {
        throw cannotWrite(path, error);
      }
      options.log.debug(`wrote ${path}`);
      return done.result;
    }
    throw failure(subject, `the file kept changing while keyrack-cp was editing it (${MAX_ATTEMPTS} tries)`, 'Close the program that is rewriting it and try again.');
  });
}

const sameBytes = (a: Buffer | null, b: Buffer | null) => (a === null || b === null ? a === b : a.equals(b));
