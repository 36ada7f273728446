// The SSO-OIDC operations (reference §6): RegisterClient, StartDeviceAuthorization, CreateToken with the device-code,
// authorization-code (PKCE S256) and refresh-token grants. Refresh tokens rotate and are spent on use.

import { createHash } from 'node:crypto';
import {
  GRANT_AUTHORIZATION_CODE, GRANT_DEVICE_CODE, GRANT_REFRESH_TOKEN, secret, userCode,
  type Client, type EmulatorState, type IssuedTokens,
} from './state.ts';
import { isResponse, jsonResponse, oidcError, type WireRequest, type WireResponse } from './wire.ts';

const KNOWN_GRANT_TYPES: readonly string[] = [
  GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN, GRANT_DEVICE_CODE,
  'urn:ietf:params:oauth:grant-type:jwt-bearer', 'urn:ietf:params:oauth:grant-type:token-exchange',
];

type Body = Record<string, unknown>;

function parseBody(req: WireRequest): Body | WireResponse {
  try {
    const value: unknown = JSON.parse(req.body === '' ? '{}' : req.body);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Body;
  } catch {
    // falls through to the same answer as a non-object body
  }
  return oidcError('InvalidRequestException', 'Request body is not a JSON object');
}

function optionalStrings(body: Body, key: string): string[] | WireResponse {
  const value = body[key];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return oidcError('InvalidRequestException', `${key} must be a list of strings`);
}

function requiredStrings<K extends string>(body: Body, keys: readonly K[]): Record<K, string> | WireResponse {
  const missing = keys.filter((k) => typeof body[k] !== 'string' || body[k] === '');
  if (missing.length > 0) return oidcError('InvalidRequestException', `Missing required parameters: ${missing.join(', ')}`);
  return Object.fromEntries(keys.map((k) => [k, body[k] as string])) as Record<K, string>;
}

/** RFC 8252 §7.3: native apps listen on loopback with a port chosen at run time. */
export function isLoopbackHttp(uri: string): boolean {
  try {
    const url = new URL(uri);
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

/** A registration without grant types is the device flow's, which may refresh only if it asked for scopes (§7). */
export function clientAllows(client: Client, grantType: string): boolean {
  if (client.grantTypes.length > 0) return client.grantTypes.includes(grantType);
  return grantType === GRANT_DEVICE_CODE || (grantType === GRANT_REFRESH_TOKEN && client.scopes.length > 0);
}

export function registerClient(req: WireRequest, state: EmulatorState, baseUrl: string): WireResponse {
  const body = parseBody(req);
  if (isResponse(body)) return body;
  const required = requiredStrings(body, ['clientName', 'clientType']);
  if (isResponse(required)) return required;
  if (required.clientType !== 'public') return oidcError('InvalidRequestException', 'Invalid client type: only "public" is supported');
  const scopes = optionalStrings(body, 'scopes');
  if (isResponse(scopes)) return scopes;
  const grantTypes = optionalStrings(body, 'grantTypes');
  if (isResponse(grantTypes)) return grantTypes;
  const redirectUris = optionalStrings(body, 'redirectUris');
  if (isResponse(redirectUris)) return redirectUris;
  const unknownGrant = grantTypes.find((g) => !KNOWN_GRANT_TYPES.includes(g));
  if (unknownGrant !== undefined) return oidcError('UnsupportedGrantTypeException', `Unsupported grant type: ${unknownGrant}`);
  const badUri = redirectUris.find((u) => !isLoopbackHttp(u));
  if (badUri !== undefined) return oidcError('InvalidRedirectUriException', `Invalid redirect URI: ${badUri}`);
  if (grantTypes.includes(GRANT_AUTHORIZATION_CODE) && redirectUris.length === 0) {
    return oidcError('InvalidRedirectUriException', 'The authorization_code grant needs at least one redirect URI');
  }
  const issuerUrl = typeof body.issuerUrl === 'string' ? body.issuerUrl : undefined;
  const client = state.registerClient({ clientName: required.clientName, grantTypes, redirectUris, scopes, issuerUrl });
  return jsonResponse(200, {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    clientIdIssuedAt: Math.floor(client.issuedAtMs / 1000),
    clientSecretExpiresAt: Math.floor(client.expiresAtMs / 1000),
    authorizationEndpoint: `${baseUrl}/authorize`,
    tokenEndpoint: `${baseUrl}/token`,
  });
}

/** InvalidClientException (401) for an unknown client, a wrong secret or an expired registration. */
function authenticateClient(state: EmulatorState, clientId: string, clientSecret: string): Client | WireResponse {
  const client = state.clients.get(clientId);
  if (!client || client.clientSecret !== clientSecret) return oidcError('InvalidClientException', 'Invalid client provided');
  if (client.expiresAtMs <= state.now()) return oidcError('InvalidClientException', 'Client registration has expired');
  return client;
}

export function startDeviceAuthorization(req: WireRequest, state: EmulatorState, baseUrl: string): WireResponse {
  const body = parseBody(req);
  if (isResponse(body)) return body;
  const args = requiredStrings(body, ['clientId', 'clientSecret', 'startUrl']);
  if (isResponse(args)) return args;
  const client = authenticateClient(state, args.clientId, args.clientSecret);
  if (isResponse(client)) return client;
  if (!clientAllows(client, GRANT_DEVICE_CODE)) return oidcError('UnauthorizedClientException', 'Client is not registered for the device code grant');
  const { deviceCodeTtlSeconds, deviceIntervalSeconds } = state.settings;
  const device = {
    deviceCode: secret('emu-dc-', 32),
    userCode: userCode(),
    clientId: client.clientId,
    startUrl: args.startUrl,
    expiresAtMs: state.now() + deviceCodeTtlSeconds * 1000,
    intervalMs: deviceIntervalSeconds * 1000,
    status: 'pending' as const,
    approvedBy: undefined,
    lastPollMs: undefined,
  };
  state.deviceAuthorizations.set(device.deviceCode, device);
  return jsonResponse(200, {
    deviceCode: device.deviceCode,
    userCode: device.userCode,
    verificationUri: `${baseUrl}/device`,
    verificationUriComplete: `${baseUrl}/device?user_code=${device.userCode}`,
    expiresIn: deviceCodeTtlSeconds,
    interval: deviceIntervalSeconds,
  });
}

export function createToken(req: WireRequest, state: EmulatorState): WireResponse {
  const body = parseBody(req);
  if (isResponse(body)) return body;
  const args = requiredStrings(body, ['clientId', 'clientSecret', 'grantType']);
  if (isResponse(args)) return args;
  const grantType = args.grantType;
  if (![GRANT_DEVICE_CODE, GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN].includes(grantType)) {
    return oidcError('UnsupportedGrantTypeException', `Unsupported grant type: ${grantType}`);
  }
  const client = authenticateClient(state, args.clientId, args.clientSecret);
  if (isResponse(client)) return client;
  if (!clientAllows(client, grantType)) return oidcError('UnauthorizedClientException', `Client is not registered for the ${grantType} grant`);

  const sessionId = grantType === GRANT_DEVICE_CODE ? redeemDeviceCode(body, client, state)
    : grantType === GRANT_AUTHORIZATION_CODE ? redeemAuthorizationCode(body, client, state)
      : redeemRefreshToken(body, client, state);
  if (isResponse(sessionId)) return sessionId;
  return tokenResponse(state.issueTokens(sessionId, {
    ttlSeconds: state.settings.accessTokenTtlSeconds, withRefreshToken: clientAllows(client, GRANT_REFRESH_TOKEN), grantType,
  }), state.settings.accessTokenTtlSeconds);
}

function tokenResponse(tokens: IssuedTokens, expiresIn: number): WireResponse {
  return jsonResponse(200, {
    accessToken: tokens.accessToken,
    tokenType: 'Bearer',
    expiresIn,
    ...(tokens.refreshToken !== undefined ? { refreshToken: tokens.refreshToken } : {}),
  });
}

/** RFC 8628 §3.5 polling: pending until approved at /device, slow_down when polled inside the interval. */
function redeemDeviceCode(body: Body, client: Client, state: EmulatorState): string | WireResponse {
  const args = requiredStrings(body, ['deviceCode']);
  if (isResponse(args)) return args;
  const device = state.deviceAuthorizations.get(args.deviceCode);
  if (!device || device.clientId !== client.clientId) return oidcError('InvalidGrantException', 'Invalid device code provided');
  if (device.status === 'redeemed') return oidcError('InvalidGrantException', 'Device code has already been used');
  const now = state.now();
  if (device.expiresAtMs <= now) return oidcError('ExpiredTokenException', 'Device code has expired');
  if (device.status === 'denied') return oidcError('AccessDeniedException', 'Authorization was denied by the user');
  if (device.status === 'pending') {
    const tooSoon = device.lastPollMs !== undefined && now - device.lastPollMs < device.intervalMs;
    device.lastPollMs = now;
    return tooSoon ? oidcError('SlowDownException', 'Client is polling too fast')
      : oidcError('AuthorizationPendingException', 'Authorization is still pending');
  }
  device.status = 'redeemed';
  return state.startSession(device.approvedBy ?? state.settings.user, client.clientId);
}

/**
 * A code is spent by the first redemption attempt that names it, successful or not, so a wrong verifier cannot be
 * followed by guesses. The verifier must hash to the challenge given at /authorize (RFC 7636 S256).
 */
function redeemAuthorizationCode(body: Body, client: Client, state: EmulatorState): string | WireResponse {
  const args = requiredStrings(body, ['code']);
  if (isResponse(args)) return args;
  const record = state.authorizationCodes.get(args.code);
  if (!record || record.clientId !== client.clientId) return oidcError('InvalidGrantException', 'Invalid authorization code provided');
  if (record.spent) return oidcError('InvalidGrantException', 'Authorization code has already been used');
  record.spent = true;
  if (record.expiresAtMs <= state.now()) return oidcError('ExpiredTokenException', 'Authorization code has expired');
  if (body.redirectUri !== record.redirectUri) return oidcError('InvalidGrantException', 'Redirect URI does not match the authorization request');
  const verifier = body.codeVerifier;
  if (typeof verifier !== 'string' || pkceChallenge(verifier) !== record.codeChallenge) {
    return oidcError('InvalidGrantException', 'Code verifier does not match the code challenge');
  }
  return state.startSession(record.user, client.clientId);
}

function redeemRefreshToken(body: Body, client: Client, state: EmulatorState): string | WireResponse {
  const args = requiredStrings(body, ['refreshToken']);
  if (isResponse(args)) return args;
  const spent = state.spendRefreshToken(args.refreshToken, client.clientId);
  if (!spent.ok) return oidcError('InvalidGrantException', spent.why);
  return spent.sessionId;
}

/** base64url(sha256(verifier)) without padding: Node's base64url never pads. */
function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}
