// Where the AWS CLI v2 caches SSO role credentials, so the CLI and keyrack-cp share entries and
// `aws sso logout` clears ours too.

import { join } from 'node:path';
import { toPythonJson } from '../fs/pythonJson.ts';
import { sha1Hex } from '../fs/sha1.ts';

export const getRoleCredentialCacheDir = (home: string) => join(home, '.aws', 'cli', 'cache');

/**
 * The CLI's key: sha1 of `json.dumps({"accountId", "roleName", "sessionName"}, sort_keys=True, separators=(",", ":"))`
 * (keys here already in sorted order).
 */
export function getRoleCredentialCacheKey(entry: { accountId: string; roleName: string; sessionName: string }): string {
  const args = toPythonJson({ accountId: entry.accountId, roleName: entry.roleName, sessionName: entry.sessionName }, { compact: true });
  return sha1Hex(args);
}

export const getRoleCredentialCachePath = (home: string, entry: { accountId: string; roleName: string; sessionName: string }) =>
  join(getRoleCredentialCacheDir(home), `${getRoleCredentialCacheKey(entry)}.json`);
