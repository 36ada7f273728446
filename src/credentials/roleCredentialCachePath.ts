// Where the AWS CLI v2 caches SSO role credentials, so the CLI and keyrack-cp share entries and
// `aws sso logout` clears ours too.

import { toPythonJson } from '../fs/pythonJson.ts';
import { sha1Hex } from '../fs/sha1.ts';
import { pathFor, type Platform } from '../platform/platform.ts';

/** `~/.aws/cli/cache`, with the platform's separator (the AWS CLI's os.path). */
export const getRoleCredentialCacheDir = (home: string, platform: Platform) => pathFor(platform).join(home, '.aws', 'cli', 'cache');

/**
 * The CLI's key: sha1 of `json.dumps({"accountId", "roleName", "sessionName"}, sort_keys=True, separators=(",", ":"))`
 * (keys here already in sorted order).
 */
export function getRoleCredentialCacheKey(entry: { accountId: string; roleName: string; sessionName: string }): string {
  const args = toPythonJson({ accountId: entry.accountId, roleName: entry.roleName, sessionName: entry.sessionName }, { compact: true });
  return sha1Hex(args);
}

export const getRoleCredentialCachePath = (home: string, entry: { accountId: string; roleName: string; sessionName: string }, platform: Platform) =>
  pathFor(platform).join(getRoleCredentialCacheDir(home, platform), `${getRoleCredentialCacheKey(entry)}.json`);
