// What the user's browser does during `aws sso login`: /authorize (authorization code + PKCE, reference §7) and the
// device-code verification page. The emulator's user is always signed in and approves unless told to deny once.

import { GRANT_AUTHORIZATION_CODE, secret, type EmulatorState } from './state.ts';
import { clientAllows, isLoopbackHttp } from './oidc.ts';
import { htmlResponse, jsonResponse, redirectResponse, type WireRequest, type WireResponse } from './wire.ts';

/** RFC 8252 §7.3: a loopback redirect matches its registration whatever the port. */
function matchesIgnoringPort(requested: string, registered: string): boolean {
  try {
    const a = new URL(requested);
    const b = new URL(registered);
    return a.protocol === b.protocol && a.hostname === b.hostname && a.pathname === b.pathname && a.search === b.search;
  } catch {
    return false;
  }
}

function redirectWith(redirectUri: string, params: Record<string, string | null>): WireResponse {
  const target = new URL(redirectUri);
  for (const [key, value] of Object.entries(params)) if (value !== null) target.searchParams.set(key, value);
  return redirectResponse(target.toString());
}

/**
 * OAuth 2.0 §4.1.2.1: while the client or the redirect URI is in doubt the server must not redirect, so those answer
 * 400 here; every later problem goes back to the client's redirect URI as `error=`.
 */
export function authorize(req: WireRequest, state: EmulatorState): WireResponse {
  const q = req.url.searchParams;
  const client = state.clients.get(q.get('client_id') ?? '');
  if (!client || client.expiresAtMs <= state.now()) {
    return jsonResponse(400, { error: 'invalid_client', error_description: 'Unknown or expired client_id' });
  }
  if (!clientAllows(client, GRANT_AUTHORIZATION_CODE)) {
    return jsonResponse(400, { error: 'unauthorized_client', error_description: 'Client is not registered for the authorization_code grant' });
  }
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!isLoopbackHttp(redirectUri) || !client.redirectUris.some((r) => matchesIgnoringPort(redirectUri, r))) {
    return jsonResponse(400, { error: 'invalid_redirect_uri', error_description: 'redirect_uri is not a registered loopback URI' });
  }
  const stateParam = q.get('state');
  if (q.get('response_type') !== 'code') return redirectWith(redirectUri, { error: 'unsupported_response_type', state: stateParam });
  const codeChallenge = q.get('code_challenge');
  if (q.get('code_challenge_method') !== 'S256' || !codeChallenge) {
    return redirectWith(redirectUri, { error: 'invalid_request', error_description: 'PKCE with code_challenge_method=S256 is required', state: stateParam });
  }
  if (state.denyNextAuthorization) {
    state.denyNextAuthorization = false;
    return redirectWith(redirectUri, { error: 'access_denied', state: stateParam });
  }
  const code = secret('emu-code-', 24);
  state.authorizationCodes.set(code, {
    clientId: client.clientId,
    redirectUri,
    codeChallenge,
    user: state.settings.user,
    expiresAtMs: state.now() + state.settings.authorizationCodeTtlSeconds * 1000,
    spent: false,
  });
  return redirectWith(redirectUri, { code, state: stateParam });
}

/** The page `verificationUriComplete` opens: visiting it approves (or, once switched, denies) that device code. */
export function approveDevice(req: WireRequest, state: EmulatorState): WireResponse {
  const userCode = req.url.searchParams.get('user_code');
  if (!userCode) return htmlResponse(400, 'Missing code', 'Open the link the AWS CLI printed, with its user_code.');
  const device = state.findDeviceByUserCode(userCode);
  if (!device) return htmlResponse(404, 'Unknown code', `No authorization request has the code ${userCode}.`);
  if (device.expiresAtMs <= state.now()) return htmlResponse(400, 'Code expired', `The code ${userCode} has expired.`);
  if (device.status !== 'pending') return htmlResponse(400, 'Already answered', `The request ${userCode} was already ${device.status}.`);
  if (state.denyNextAuthorization) {
    state.denyNextAuthorization = false;
    device.status = 'denied';
    return htmlResponse(200, 'Request denied', `The request ${userCode} was denied.`);
  }
  device.status = 'approved';
  device.approvedBy = state.settings.user;
  return htmlResponse(200, 'Request approved', `The request ${userCode} was approved. You can close this window.`);
}
