// A profile's role credentials: the cached ones while they last, or new ones for the session's token, fetched once
// however many processes ask (under the entry's lock) and cached for the next run and for the AWS CLI. The twin of
// token/getAccessToken.ts.

import { profileSubject, type SsoProfile } from '../config/ssoProfile.ts';
import type { Logger } from '../log.ts';
import type { LockOptions } from '../lock/withFileLock.ts';
import { planRoleCredentials } from './planRoleCredentials.ts';
import type { RoleCredentials } from './roleCredentials.ts';

export interface RoleCredentialDeps {
  readonly log: Logger;
  readonly now: () => Date;
  /** The entry in ~/.aws/cli/cache, or null with --no-cache (neither read nor written). */
  readonly cachePath: string | null;
  readonly readCache: (path: string) => { creds: RoleCredentials } | { problem: string };
  readonly writeCache: (path: string, creds: RoleCredentials) => void;
  /** Whether the session's token file exists (a logout removes it). */
  readonly loggedIn: () => boolean;
  /** The session's access token: cached, refreshed or signed in for (token/getAccessToken.ts). */
  readonly getAccessToken: () => Promise<string>;
  /** GetRoleCredentials with that token (fetchRoleCredentials.ts). */
  readonly fetch: (accessToken: string) => Promise<RoleCredentials>;
  readonly withLock: <T>(target: string, subject: string, log: Logger, work: () => Promise<T>, options?: LockOptions) => Promise<T>;
}

export async function getRoleCredentials(profile: SsoProfile, deps: RoleCredentialDeps): Promise<RoleCredentials> {
  const { cachePath, log } = deps;
  if (!cachePath) return deps.fetch(await deps.getAccessToken());
  const first = fromCache(cachePath, profile, deps);
  if (first) return first;

  // The token first, under its own lock: the role-credential lock below is held only for the one portal call.
  const accessToken = await deps.getAccessToken();
  // Single flight: processes that start together with an empty cache queue here; the first fetches and writes, the
  // others find its entry when they get the lock.
  return deps.withLock(cachePath, profileSubject(profile.name), log, async () => {
    const again = fromCache(cachePath, profile, deps);
    if (again) return again;
    const creds = await deps.fetch(accessToken);
    try {
      deps.writeCache(cachePath, creds);
      log.debug(`cached in ${cachePath}`);
    } catch (error) {
      // A cache: failing to write it costs the next run a network call, nothing more.
      log.debug(`could not cache in ${cachePath} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    return creds;
  });
}

/** The hot path: read the entry, decide, register its secrets with the logger either way. */
function fromCache(path: string, profile: SsoProfile, deps: RoleCredentialDeps): RoleCredentials | null {
  const entry = deps.readCache(path);
  if ('creds' in entry) {
    deps.log.secret(entry.creds.secretAccessKey);
    deps.log.secret(entry.creds.sessionToken);
  }
  // The token file is looked for only when there is an entry to serve: a stat the other paths do not need.
  const plan = planRoleCredentials(entry, profile.accountId, 'creds' in entry ? deps.loggedIn() : true, deps.now());
  deps.log.debug(`role-credential cache ${path}: ${plan.reason}`);
  return plan.action === 'serve' ? plan.creds : null;
}
