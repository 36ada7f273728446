// A sign-in from start to saved token: the chosen flow (the browser, or a device code when no browser opens), then
// the token written where the AWS CLI and every SDK read it. The caller holds the session's lock.

import type { SsoSession } from '../config/ssoProfile.ts';
import { sessionSubject } from '../config/ssoProfile.ts';
import { failure, loginNeeded } from '../errors.ts';
import { getTokenCachePath } from '../token/tokenCachePath.ts';
import { writeTokenFile } from '../token/tokenStore.ts';
import { PAGES } from './callbackRequest.ts';
import type { FlowChoice } from './chooseLoginFlow.ts';
import { runDeviceFlow } from './deviceFlow.ts';
import type { LoginDeps } from './deps.ts';
import { loginCommandLine } from '../remedies.ts';
import { LOGIN_TIME_LIMIT_MS } from '../token/signInLimits.ts';
import { loginTokenDocument } from './tokenDocument.ts';
import { runPkceFlow } from './pkceFlow.ts';

export interface LoginRequest {
  readonly session: SsoSession;
  readonly oidcEndpoint: string;
  readonly choice: Exclude<FlowChoice, { flow: 'none' }>;
}

export interface LoggedIn {
  readonly accessToken: string;
  readonly expiresAt: Date;
  /** A refresh token was issued: keyrack-cp keeps the session alive without another sign-in. */
  readonly refreshable: boolean;
  readonly flow: 'pkce' | 'device';
  readonly path: string;
}

export async function logIn(request: LoginRequest, deps: LoginDeps): Promise<LoggedIn> {
  const { session, choice } = request;
  const subject = sessionSubject(session.name);
  const started = deps.now();
  const deadline = new Date(started.getTime() + LOGIN_TIME_LIMIT_MS);
  deps.log.debug(`sign-in: ${choice.flow === 'pkce' ? 'browser (authorization code + PKCE)' : 'device code'}, because ${choice.why}`);

  let flow: LoggedIn['flow'] = choice.flow;
  let outcome;
  if (choice.flow === 'pkce') {
    const pkce = await runPkceFlow(session, request.oidcEndpoint, { openBrowser: choice.openBrowser, deadline }, deps);
    if (pkce.kind === 'no-browser') {
      if (!choice.deviceFallback) {
        throw loginNeeded(subject, 'no browser could be opened for the sign-in, and there is no terminal to show a sign-in code on', `Run: ${loginCommandLine(session.name)}`);
      }
      deps.ui.say('No browser could be opened, so here is a sign-in code instead.\n');
      flow = 'device';
      outcome = await runDeviceFlow(session, { openBrowser: false, deadline }, deps);
    } else {
      outcome = pkce;
    }
  } else {
    outcome = await runDeviceFlow(session, { openBrowser: choice.openBrowser, deadline }, deps);
  }

  const { token, registration } = outcome;
  deps.log.secret(token.accessToken);
  deps.log.secret(token.refreshToken);
  const now = deps.now();
  const document = loginTokenDocument(session, token, registration, now);
  const path = getTokenCachePath(deps.home, session.name, deps.platform);
  const confirm = 'confirm' in outcome ? outcome.confirm : () => undefined;
  try {
    writeTokenFile(path, document, deps.platform);
  } catch (error) {
    confirm(PAGES.failed('the token could not be saved'));
    throw failure(subject, `signed in, but the token could not be saved to ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, `Make ${path}'s directory writable, then run: ${loginCommandLine(session.name)}`);
  }
  confirm(PAGES.signedIn);
  deps.log.debug(`saved ${path}`);
  return {
    accessToken: token.accessToken,
    expiresAt: new Date(now.getTime() + token.expiresInSeconds * 1000),
    refreshable: token.refreshToken !== undefined,
    flow,
    path,
  };
}
