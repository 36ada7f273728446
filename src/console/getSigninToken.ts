// getSigninToken: role credentials in, a console sign-in token out, in bounded time. A POST, not the GET the AWS docs
// show: the form body keeps the credentials out of the URL, which proxies and servers log, and out of its length limit
// (a session token alone runs to a few KB).

import { failure } from '../errors.ts';
import type { RoleCredentials } from '../credentials/roleCredentials.ts';
import type { Logger } from '../log.ts';
import { CALL_DEADLINE_MS } from '../sso/callPolicy.ts';
import type { Endpoint } from '../sso/endpoints.ts';
import { signinTokenForm } from './signinUrl.ts';

export async function getSigninToken(federation: Endpoint, creds: RoleCredentials, subject: string, log: Logger): Promise<string> {
  log.debug(`getSigninToken at ${federation.url} (${federation.source})`);
  let response: Response;
  let text: string;
  try {
    response = await fetch(federation.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: signinTokenForm(creds),
      redirect: 'manual',
      signal: AbortSignal.timeout(CALL_DEADLINE_MS),
    });
    text = await response.text();
  } catch (error) {
    throw unreachable(federation, subject, error);
  }
  if (response.status !== 200) {
    // The body is the service's prose, not ours to echo; the status says enough.
    throw failure(
      subject,
      `the federation endpoint ${federation.url} refused the role credentials (HTTP ${response.status})`,
      response.status === 400 ? 'Try again; if it keeps failing, the role may not be allowed to sign in to the console.' : 'Try again later.',
    );
  }
  const token = signinTokenOf(text);
  if (!token) throw failure(subject, `the federation endpoint ${federation.url} answered without a SigninToken`, 'Check KEYRACK_CP_FEDERATION_ENDPOINT, if set.');
  log.secret(token);
  return token;
}

function signinTokenOf(text: string): string | null {
  try {
    const value = (JSON.parse(text) as { SigninToken?: unknown } | null)?.SigninToken;
    return typeof value === 'string' && value !== '' ? value : null;
  } catch {
    return null;
  }
}

/** Names and codes only: a fetch error's message may quote the request. */
function unreachable(federation: Endpoint, subject: string, error: unknown) {
  const e = error as { name?: unknown; code?: unknown; cause?: { code?: unknown } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return failure(subject, `no answer from the federation endpoint ${federation.url} within ${CALL_DEADLINE_MS / 1000} s`, 'Check the network connection and try again.');
  }
  const code = [e.cause?.code, e.code].find((c) => typeof c === 'string') ?? 'network error';
  return failure(subject, `cannot reach the federation endpoint ${federation.url} (${String(code)})`, 'Check the network connection and KEYRACK_CP_FEDERATION_ENDPOINT, if set, then try again.');
}
