// The browser sign-in: authorization code with PKCE through a loopback callback (reference §7), bounded by a deadline.

import type { SsoSession } from '../config/ssoProfile.ts';
import { sessionSubject } from '../config/ssoProfile.ts';
import { loginNeeded } from '../errors.ts';
import { ssoCallErrorOf } from '../sso/ssoCallErrorOf.ts';
import { PAGES, type CallbackPage } from './callbackRequest.ts';
import { startCallbackServer } from './callbackServer.ts';
import { getRegistration } from './getRegistration.ts';
import type { LoginDeps } from './deps.ts';
import { loginCallFailure } from './callFailure.ts';
import { loginCommandLine } from '../remedies.ts';
import { LOGIN_TIME_LIMIT_MS } from '../token/signInLimits.ts';
import type { IssuedToken, Registration } from '../sso/validateResponses.ts';
import { buildAuthorizeUrl, codeChallengeS256, createCodeVerifier } from './pkce.ts';
import { registrationScopes } from './registrationEntry.ts';

export type PkceResult =
  | { readonly kind: 'token'; readonly token: IssuedToken; readonly registration: Registration; readonly confirm: (page: CallbackPage) => void }
  /** No browser could be opened: the caller may fall back to the device code flow. */
  | { readonly kind: 'no-browser' };

export async function runPkceFlow(
  session: SsoSession,
  oidcEndpoint: string,
  options: { openBrowser: boolean; deadline: Date },
  deps: LoginDeps,
): Promise<PkceResult> {
  const subject = sessionSubject(session.name);
  const fail = (step: string) => (error: unknown) => {
    throw loginCallFailure(subject, session.name, step, ssoCallErrorOf(error));
  };
  const registration = await getRegistration(session, 'pkce', deps).catch(fail('RegisterClient'));
  const verifier = createCodeVerifier(deps.randomBytes);
  deps.log.secret(verifier);
  const state = deps.randomUUID();
  const server = await startCallbackServer(state, deps.log);
  try {
    const url = buildAuthorizeUrl({
      oidcEndpoint,
      clientId: registration.clientId,
      redirectUri: server.redirectUri,
      state,
      scopes: registrationScopes(session),
      codeChallenge: codeChallengeS256(verifier),
    });
    deps.ui.say(
      options.openBrowser
        ? `Signing in to sso-session '${session.name}' (${session.startUrl}) in your browser. If no browser opens, open this URL on this machine:\n\n  ${url}\n\n`
        : `To sign in to sso-session '${session.name}' (${session.startUrl}), open this URL in a browser on this machine:\n\n  ${url}\n\n`,
    );
    const opened = options.openBrowser ? deps.openBrowser(url) : null;
    const timeout = deps.delay(options.deadline.getTime() - deps.now().getTime());
    const waiting = deps.ui.wait('Waiting for the sign-in in the browser', options.deadline);
    const outcome = await Promise.race([
      server.result,
      timeout.promise.then(() => ({ kind: 'timeout' }) as const),
      // A browser that could not be opened ends the wait; one that opened leaves it to the callback.
      ...(opened ? [opened.then((ok) => (ok ? new Promise<never>(() => undefined) : ({ kind: 'no-browser' } as const)))] : []),
    ]).finally(() => {
      timeout.cancel();
      waiting.stop();
    });

    switch (outcome.kind) {
      case 'no-browser':
        return { kind: 'no-browser' };
      case 'timeout':
        throw loginNeeded(subject, `the sign-in was not completed in the browser within ${LOGIN_TIME_LIMIT_MS / 60_000} minutes`, `Run: ${loginCommandLine(session.name)}`);
      case 'state-mismatch':
        throw loginNeeded(subject, 'the browser came back with a response that does not belong to this sign-in (its state does not match), so it was refused and nothing was saved', `Run: ${loginCommandLine(session.name)}`);
      case 'error':
        throw loginNeeded(subject, `the sign-in was not completed in the browser (${outcome.error})`, `Run: ${loginCommandLine(session.name)}`);
      case 'code': {
        deps.log.secret(outcome.code);
        deps.log.debug('authorization code received; CreateToken (authorization_code grant)');
        let answer;
        try {
          answer = await deps.oidc.createToken(registration, { grantType: 'authorization_code', code: outcome.code, redirectUri: server.redirectUri, codeVerifier: verifier });
        } catch (error) {
          outcome.respond(PAGES.failed('the SSO service did not issue a token'));
          throw loginCallFailure(subject, session.name, 'CreateToken', ssoCallErrorOf(error));
        }
        if (answer.kind !== 'token') {
          outcome.respond(PAGES.failed('the SSO service did not issue a token'));
          throw loginNeeded(subject, answer.kind === 'expired' ? 'the authorization code expired before it could be used' : `the SSO service did not issue a token (${answer.kind})`, `Run: ${loginCommandLine(session.name)}`);
        }
        return { kind: 'token', token: answer.token, registration, confirm: outcome.respond };
      }
    }
  } finally {
    server.close();
  }
}

