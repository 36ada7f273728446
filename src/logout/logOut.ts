// Logging out: ask the SSO service to end the session, remove its token file and the role credentials cached from
// it. Client registrations stay (they hold no user's grant, and the next sign-in reuses them).

import { readdirSync, unlinkSync } from 'node:fs';
import { sessionSubject } from '../config/ssoProfile.ts';
import type { AwsConfig } from '../config/types.ts';
import { getRoleCredentialCacheDir, getRoleCredentialCachePath } from '../credentials/roleCredentialCachePath.ts';
import { failure } from '../errors.ts';
import { NOT_A_REGULAR_FILE, readRegularFile } from '../fs/readRegularFile.ts';
import type { Logger } from '../log.ts';
import { pathFor, type Platform } from '../platform/platform.ts';
import { resolveSsoEndpoints, type Endpoint } from '../sso/endpoints.ts';
import { ssoCallErrorOf } from '../sso/ssoCallErrorOf.ts';
import type { LockHeld, LockOptions } from '../lock/withFileLock.ts';
import { getSsoCacheDir, getTokenCachePath } from '../token/tokenCachePath.ts';
import { isSsoRoleEntry, isTokenFile, planLogoutCall, roleEntriesOfSession } from './logoutTargets.ts';

export interface LogoutDeps {
  readonly home: string;
  readonly platform: Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => Date;
  readonly log: Logger;
  readonly config: AwsConfig;
  /** The profile whose endpoint settings apply. */
  readonly endpointProfile: string;
  readonly logout: (endpoint: Endpoint, region: string, accessToken: string) => Promise<void>;
  readonly withLock: <T>(target: string, subject: string, log: Logger, work: (held: LockHeld) => Promise<T>, options?: LockOptions) => Promise<T>;
}

export interface TokenLogout {
  /** "sso-session 'acme'", or the file for a token of no configured session (--all). */
  readonly label: string;
  readonly path: string;
  readonly removed: boolean;
  /** What the SSO service was told, in words. */
  readonly service: string;
  /** Set when the service could not be told: the session may live on there until its tokens expire. */
  readonly problem?: string;
}

export interface LogoutReport {
  readonly tokens: readonly TokenLogout[];
  readonly roleEntriesRemoved: number;
}

export async function logOutSession(session: { name: string; region: string }, deps: LogoutDeps): Promise<LogoutReport> {
  const token = await logOutTokenFile(getTokenCachePath(deps.home, session.name, deps.platform), sessionSubject(session.name), session.region, deps);
  const paths = roleEntriesOfSession(deps.config, session.name).map((e) => getRoleCredentialCachePath(deps.home, e, deps.platform));
  return { tokens: [token], roleEntriesRemoved: paths.filter((p) => removeFile(p, deps.log)).length };
}

/**
 * Every token in the cache, as `aws sso logout` does: each `*.json` holding an accessToken (sessions not in the
 * config and legacy tokens included), then every role-credential entry with ProviderType "sso".
 */
export async function logOutAll(deps: LogoutDeps): Promise<LogoutReport> {
  const names = new Map([...deps.config.ssoSessions.keys()].map((name) => [getTokenCachePath(deps.home, name, deps.platform), name]));
  const tokens: TokenLogout[] = [];
  for (const path of jsonFiles(getSsoCacheDir(deps.home, deps.platform), deps.platform)) {
    if (!isTokenFile(readText(path) ?? '')) continue;
    const name = names.get(path);
    const region = name ? stringKey(deps.config.ssoSessions.get(name)?.get('sso_region')) : undefined;
    tokens.push(await logOutTokenFile(path, name ? sessionSubject(name) : path, region, deps));
  }
  let removed = 0;
  for (const path of jsonFiles(getRoleCredentialCacheDir(deps.home, deps.platform), deps.platform)) {
    if (isSsoRoleEntry(readText(path) ?? '') && removeFile(path, deps.log)) removed++;
  }
  return { tokens, roleEntriesRemoved: removed };
}

/**
 * Under the session's lock, so a refresh in flight cannot write the token back after we removed it. The file is
 * removed even when the service cannot be reached: on this machine the user is logged out either way.
 */
async function logOutTokenFile(path: string, label: string, sessionRegion: string | undefined, deps: LogoutDeps): Promise<TokenLogout> {
  return deps.withLock(path, label, deps.log, async () => {
    const text = readText(path);
    if (text === null) return { label, path, removed: false, service: 'not signed in' };
    const plan = planLogoutCall(text, deps.now());
    let service: string;
    let problem: string | undefined;
    if (!plan.call) {
      service = `not told (${plan.why})`;
    } else {
      deps.log.secret(plan.accessToken);
      const region = plan.region ?? sessionRegion;
      if (!region) {
        service = 'not told (the token file names no region)';
      } else {
        const endpoint = resolveSsoEndpoints(deps.config, deps.endpointProfile, region, deps.env, label).portal;
        try {
          deps.log.debug(`SSO Logout at ${endpoint.url} (${endpoint.source})`);
          await deps.logout(endpoint, region, plan.accessToken);
          service = 'ended the session at the SSO service';
        } catch (error) {
          const e = ssoCallErrorOf(error);
          // As `aws sso logout`: a refusal means the service already considers the token dead.
          if (e.kind === 'unauthorized') service = `the SSO service already considered the session ended (${e.summary})`;
          else {
            service = 'could not reach the SSO service to end the session';
            problem = e.summary;
          }
        }
      }
    }
    return { label, path, removed: removeFile(path, deps.log), service, ...(problem ? { problem } : {}) };
  });
}

function removeFile(path: string, log: Logger): boolean {
  try {
    unlinkSync(path);
    log.debug(`removed ${path}`);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return false;
    throw failure(path, `cannot be removed (${code ?? 'error'})`, 'Check the permissions of the file and its directory, then run the logout again.');
  }
}

/** A cache file's text; null when there is none, or when what is there is no file (a directory, a FIFO: left alone). */
function readText(path: string): string | null {
  try {
    return readRegularFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === NOT_A_REGULAR_FILE) return null;
    throw error;
  }
}

/** Joined with the platform's separator, so each compares equal to the path getTokenCachePath gives for it. */
function jsonFiles(dir: string, platform: Platform): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => pathFor(platform).join(dir, f));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

const stringKey = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
