// Writes temporary credentials into one section of the shared credentials file: under the file's lock, from a fresh
// read, checked, atomically.

import { parseIni } from '../config/parseIni.ts';
import { configError, failure } from '../errors.ts';
import { writeFileAtomic } from '../fs/writeFileAtomic.ts';
import type { Logger } from '../log.ts';
import type { Platform } from '../platform/platform.ts';
import { withFileLock } from '../lock/withFileLock.ts';
import { cannotWrite, readEditable, resolveEditTarget } from './editableFile.ts';
import { planCredentialsSection, type SectionCredentials } from './planCredentialsSection.ts';

/**
 * An editor that does not take our lock (aws configure, a text editor) can still save between our read and our
 * rename; the file is read again just before the rename and the edit redone on the newer text, a bounded number of
 * times, so their change is never overwritten by ours.
 */
const MAX_ATTEMPTS = 3;

export interface WriteSectionResult {
  readonly action: 'created' | 'updated' | 'unchanged';
  /** The file written (a symlink's target). */
  readonly path: string;
}

export async function writeCredentialsSection(
  file: string,
  section: string,
  creds: SectionCredentials,
  options: { readonly force: boolean; readonly log: Logger; readonly platform: Platform },
): Promise<WriteSectionResult> {
  const subject = `${file} [${section}]`;
  return withFileLock(file, subject, options.log, async () => {
    const path = resolveEditTarget(file, options.platform);
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const bytes = readEditable(path, options.platform);
      const raw = parseIni(bytes ?? '', file); // a file the AWS CLI would refuse is refused, with its line
      const text = bytes?.toString('utf8') ?? '';
      const plan = planCredentialsSection(text, raw, section, creds, { force: options.force, file });
      if (plan.kind === 'refuse') {
        throw configError(subject, plan.why, plan.remedy);
      }
      if (plan.action === 'unchanged') return { action: plan.action, path };
      const now = readEditable(path, options.platform);
      if (!sameBytes(now, bytes)) {
        options.log.debug(`${path} changed while it was being edited; editing the new version`);
        continue;
      }
      try {
        writeFileAtomic(path, plan.text, options.platform);
      } catch (error) {
        throw cannotWrite(path, error);
      }
      options.log.debug(`${plan.action} [${section}] in ${path}`);
      return { action: plan.action, path };
    }
    throw failure(subject, `the file kept changing while keyrack-cp was editing it (${MAX_ATTEMPTS} tries)`, 'Close the program that is rewriting it and try again.');
  });
}

const sameBytes = (a: Buffer | null, b: Buffer | null) => (a === null || b === null ? a === b : a.equals(b));
