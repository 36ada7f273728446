// The session's access token: the cached one, or a refreshed one under the session's lock, or "log in".

import { failure, loginNeeded } from '../errors.ts';
import type { SsoSession } from '../config/ssoProfile.ts';
import { sessionSubject } from '../config/ssoProfile.ts';
import { faultPoint } from '../faultPoint.ts';
import type { PendingWrite } from '../fs/writeFileAtomic.ts';
import { formatTimeLeft, type Logger } from '../log.ts';
import { loginCommandLine } from '../remedies.ts';
import { pathFor, type Platform } from '../platform/platform.ts';
import type { IssuedToken } from '../sso/validateResponses.ts';
import { ssoCallErrorOf } from '../sso/ssoCallErrorOf.ts';
import type { CachedToken, RefreshGrant } from './cachedToken.ts';
import { canFallBack, planToken } from './planToken.ts';
import type { LockHeld, LockOptions } from '../lock/withFileLock.ts';
import { getTokenCachePath } from './tokenCachePath.ts';
import { issuedTokenExpiry, readTokenFile, refreshedDocument, reserveTokenWrite, tokenFileText, type RefreshedToken } from './tokenStore.ts';

export interface TokenDeps {
  readonly home: string;
  readonly platform: Platform;
  readonly now: () => Date;
  readonly log: Logger;
  /** The refresh_token grant call; throws SsoCallError. */
  readonly refresh: (grant: RefreshGrant) => Promise<IssuedToken>;
  readonly withLock: <T>(target: string, subject: string, log: Logger, work: (held: LockHeld) => Promise<T>, options?: LockOptions) => Promise<T>;
  /** --auto-login: sign in when nothing else will do. Without it a needed login is exit 3 at once. */
  readonly login?: AutoLogin;
}

export interface AutoLogin {
  /** How long to wait on the session's lock: its holder may be signing in, which takes up to the sign-in's limit. */
  readonly lockWaitMs: number;
  /**
   * Throws loginNeeded at once when the user cannot be reached (no terminal, no browser), before any wait. Otherwise
   * returns the sign-in, which the caller runs holding the session's lock; it saves the token and returns it.
   */
  readonly prepare: (reason: string) => Promise<() => Promise<string>>;
}

export async function getAccessToken(session: SsoSession, deps: TokenDeps): Promise<string> {
  const path = getTokenCachePath(deps.home, session.name, deps.platform);
  const subject = sessionSubject(session.name);
  const first = load(path, subject, deps.log);
  const plan = planToken(first.token, deps.now());
  deps.log.debug(`${path}: ${plan.reason} → ${plan.action}`);
  if (plan.action === 'use') return first.token!.accessToken;
  if (plan.action === 'login' && !deps.login) throw needLogin(session, first.problem ?? plan.reason);
  // Before any wait: a process that could not reach the user anyway fails now rather than after another's sign-in.
  const signIn = plan.action === 'login' ? await deps.login!.prepare(first.problem ?? plan.reason) : undefined;

  return deps.withLock(
    path,
    subject,
    deps.log,
    async (held) => {
      // Re-read under the lock: the process that held it before us has probably refreshed, or signed in, already.
      const current = load(path, subject, deps.log);
      const again = planToken(current.token, deps.now());
      deps.log.debug(`re-read under the lock: ${again.reason} → ${again.action}`);
      if (again.action === 'use') return current.token!.accessToken;
      if (again.action === 'login') return loginUnderLock(session, current.problem ?? again.reason, held, deps, signIn);
      return refreshUnderLock(path, session, current.token!, held, deps);
    },
    deps.login ? { waitMs: deps.login.lockWaitMs } : undefined,
  );
}

/**
 * The sign-in, under the lock. One rule keeps it to one per session: a process that had to wait for the lock and
 * still finds no usable token does not start a sign-in of its own. Its predecessor was signing in (or refreshing) and
 * did not succeed; starting another would put the user through one prompt per waiting process, one after the other.
 */
async function loginUnderLock(session: SsoSession, reason: string, held: LockHeld, deps: TokenDeps, prepared?: () => Promise<string>): Promise<string> {
  if (!deps.login) throw needLogin(session, reason);
  if (held.waited) {
    throw needLogin(session, `${reason}; another keyrack-cp process held the session's lock meanwhile and left no usable token, so this one does not start a second sign-in`);
  }
  const signIn = prepared ?? (await deps.login.prepare(reason));
  deps.log.debug('--auto-login: signing in');
  return signIn();
}

async function refreshUnderLock(path: string, session: SsoSession, current: CachedToken, held: LockHeld, deps: TokenDeps): Promise<string> {
  const { log, now } = deps;
  const subject = sessionSubject(session.name);
  const dirname = pathFor(deps.platform).dirname;
  // Reserve the write before spending the one-use refresh token: a full disk or a permission problem must show
  // while nothing is lost yet. A read-only ~/.aws (a container's bind mount) cannot be saved to at all; there the
  // refreshed token still serves this run (and the warning says what that costs).
  let pending: PendingWrite | null = null;
  try {
    pending = reserveTokenWrite(path, current.document, deps.platform);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code !== 'EROFS') {
      const where = `${dirname(path)} cannot be written (${code})`;
      if (canFallBack(current, now())) {
        log.warn(`${subject}: not refreshing the SSO token because ${where}; using the cached one, valid for ${formatTimeLeft(current.expiresAt.getTime() - now().getTime())}`);
        return current.accessToken;
      }
      const remedy = code === 'ENOSPC' || code === 'EDQUOT' ? 'Free some disk space, then try again.' : `Make ${dirname(path)} writable for you, then try again.`;
      throw failure(subject, `the SSO token has expired and cannot be refreshed safely: ${where}, so the new token could not be kept`, remedy);
    }
    log.debug(`${dirname(path)} is read-only: a refreshed token can serve this run only`);
  }
  faultPoint('refresh-lock-held');
  let next: RefreshedToken;
  try {
    log.debug('refreshing the SSO token (CreateToken, refresh_token grant)');
    const issued = await deps.refresh(current.refresh!);
    next = { accessToken: issued.accessToken, expiresAt: issuedTokenExpiry(issued, now()), refreshToken: issued.refreshToken };
  } catch (error) {
    pending?.abort();
    const e = ssoCallErrorOf(error);
    log.debug(`refresh failed: ${e.summary}`);
    if (e.kind === 'unauthorized') {
      // The AWS CLI or an SDK (which take no lock) may have spent the one-use refresh token and saved the result.
      const latest = load(path, subject, log).token;
      if (latest && latest.accessToken !== current.accessToken && planToken(latest, now()).action === 'use') {
        log.debug('another tool refreshed the token meanwhile; using its token');
        return latest.accessToken;
      }
    }
    if (canFallBack(current, now())) {
      log.warn(`${subject}: could not refresh the SSO token (${e.summary}); using the cached one, valid for ${formatTimeLeft(current.expiresAt.getTime() - now().getTime())}`);
      return current.accessToken;
    }
    if (e.kind === 'unauthorized') {
      return loginUnderLock(session, `the SSO token has expired and the service refused to refresh it (${e.summary})`, held, deps);
    }
    throw failure(subject, `the SSO token has expired and could not be refreshed: ${e.summary}`, `Try again; if it keeps failing, run: ${loginCommandLine(session.name)}`);
  }
  log.secret(next.accessToken);
  log.secret(next.refreshToken);
  log.debug(`refreshed: new token valid for ${formatTimeLeft(next.expiresAt.getTime() - now().getTime())}`);
  if (!pending) {
    log.warn(`${subject}: ${dirname(path)} is read-only, so the refreshed SSO token serves this run only, and the refresh token stored there is now spent: refresh or log in where ~/.aws is writable`);
    return next.accessToken;
  }
  try {
    pending.commit(tokenFileText(refreshedDocument(current.document, next)));
    log.debug(`saved ${path}`);
  } catch (error) {
    // Past the reservation this is rare (the rename itself failed). The refresh token is spent: the new token still
    // serves this run; the next one will have to log in.
    log.warn(`${subject}: could not save the refreshed SSO token to ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'}); using it for this run only`);
  }
  return next.accessToken;
}

/** A file that is absent or unusable is "no token" (a fresh login rewrites it); `problem` says which. */
function load(path: string, subject: string, log: Logger): { token: CachedToken | null; problem?: string } {
  const read = readTokenFile(path, subject, log);
  if (read.ok) return { token: read.token };
  if (read.problem === 'missing') return { token: null };
  log.debug(`${path}: ${read.problem}`);
  return { token: null, problem: `${read.problem} (${path})` };
}

function needLogin(session: SsoSession, reason: string) {
  return loginNeeded(sessionSubject(session.name), reason, `Run: ${loginCommandLine(session.name)}`);
}
