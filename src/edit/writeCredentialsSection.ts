// Writes temporary credentials into one section of the shared credentials file: under the file's lock, from a fresh
// read, checked, atomically (rewriteFile.ts).

import { configError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Platform } from '../platform/platform.ts';
import { planCredentialsSection, type SectionCredentials } from './planCredentialsSection.ts';
import { rewriteFile } from './rewriteFile.ts';

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
  return rewriteFile(file, subject, options, ({ text, raw, path }) => {
    const plan = planCredentialsSection(text, raw, section, creds, { force: options.force, file });
    if (plan.kind === 'refuse') throw configError(subject, plan.why, plan.remedy);
    options.log.debug(`${plan.action} [${section}] in ${path}`);
    return { text: plan.action === 'unchanged' ? null : plan.text, result: { action: plan.action, path } };
  });
}
