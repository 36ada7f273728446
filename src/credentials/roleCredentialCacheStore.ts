// Reading and writing role-credential cache entries. A cache: anything wrong with an entry means "not cached".

import { toPythonJson } from '../fs/pythonJson.ts';
import { readRegularFile } from '../fs/readRegularFile.ts';
import { writeFileAtomic } from '../fs/writeFileAtomic.ts';
import type { Platform } from '../platform/platform.ts';
import type { RoleCredentials } from './roleCredentials.ts';
import { parseRoleCredentialCache, roleCredentialCacheDocument } from './roleCredentialCacheEntry.ts';

export function readRoleCredentialCache(path: string): { creds: RoleCredentials } | { problem: string } {
  let text: string;
  try {
    text = readRegularFile(path);
  } catch (error) {
    return { problem: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no entry' : `unreadable (${(error as NodeJS.ErrnoException).code})` };
  }
  return parseRoleCredentialCache(text);
}

/** As the AWS CLI's JSONFileCache writes it (json.dumps defaults), but atomic and private like every file of ours. */
export function writeRoleCredentialCache(path: string, creds: RoleCredentials, platform: Platform): void {
  writeFileAtomic(path, toPythonJson(roleCredentialCacheDocument(creds)), platform);
}
