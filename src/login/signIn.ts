// A sign-in to one sso-session, as `keyrack-cp login` does it and `keyrack-cp configure` reuses it: left alone while the
// session has over an hour left, else the flow chosen for this machine, one sign-in per session at a time (under the
// session's lock; a process that waited finds the other's token and stops there).

import type { SsoSession } from '../config/ssoProfile.ts';
import { sessionSubject } from '../config/ssoProfile.ts';
import type { Logger } from '../log.ts';
import { withFileLock } from '../lock/withFileLock.ts';
import type { Platform } from '../platform/platform.ts';
import type { CachedToken } from '../token/cachedToken.ts';
import { AUTO_LOGIN_LOCK_WAIT_MS } from '../token/signInLimits.ts';
import { getTokenCachePath } from '../token/tokenCachePath.ts';
import { readTokenFile } from '../token/tokenStore.ts';
import { chooseLoginFlow } from './chooseLoginFlow.ts';
import { createLoginDeps, hasBrowser } from './createDeps.ts';
import { logIn, type LoggedIn } from './logIn.ts';
import { planLogin } from './planLogin.ts';
import type { UiOutput } from './ui.ts';

export interface SignInRequest {
  readonly session: SsoSession;
  readonly oidcEndpoint: string;
  readonly force: boolean;
  readonly useDeviceCode: boolean;
  readonly noBrowser: boolean;
}

export interface SignInContext {
  readonly home: string;
  readonly platform: Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => Date;
  readonly log: Logger;
  /** Where the URL, the code and the wait are shown: a user always reads them here. */
  readonly out: UiOutput;
}

export type SignInOutcome = { readonly kind: 'skipped'; readonly reason: string } | { readonly kind: 'signed-in'; readonly done: LoggedIn };

export async function signIn(request: SignInRequest, ctx: SignInContext): Promise<SignInOutcome> {
  const { session } = request;
  const subject = sessionSubject(session.name);
  const path = getTokenCachePath(ctx.home, session.name, ctx.platform);
  const plan = (force: boolean) => planLogin(readToken(path, subject, ctx.log), ctx.now(), force, session.startUrl);
  const before = plan(request.force);
  if (before.action === 'skip') return { kind: 'skipped', reason: before.reason };

  const choice = chooseLoginFlow({ useDeviceCode: request.useDeviceCode, noBrowser: request.noBrowser, browser: hasBrowser(ctx.env, ctx.platform), userSeesText: true });
  if (choice.flow === 'none') throw new Error('unreachable: a user running a sign-in always sees its output');
  const deps = createLoginDeps({ home: ctx.home, platform: ctx.platform, env: ctx.env, now: ctx.now, log: ctx.log, oidcEndpoint: request.oidcEndpoint, region: session.region }, ctx.out);
  const onWait = () => ctx.out.write(`Another keyrack-cp is signing in to sso-session '${session.name}'; waiting for it (up to ${Math.round(AUTO_LOGIN_LOCK_WAIT_MS / 60_000)} minutes)…\n`);
  return withFileLock(
    path,
    subject,
    ctx.log,
    async ({ waited }) => {
      // The process we waited for may have signed in: then there is nothing left to do.
      const now = waited ? plan(false) : before;
      if (now.action === 'skip') return { kind: 'skipped', reason: now.reason };
      ctx.log.debug(`signing in: ${now.reason}`);
      return { kind: 'signed-in', done: await logIn({ session, oidcEndpoint: request.oidcEndpoint, choice }, deps) };
    },
    { waitMs: AUTO_LOGIN_LOCK_WAIT_MS, onWait },
  );
}

/** The current token, if any; an unreadable or broken file is "not signed in" (the sign-in rewrites it). */
function readToken(path: string, subject: string, log: Logger): CachedToken | null {
  const read = readTokenFile(path, subject, log);
  return read.ok ? read.token : null;
}
