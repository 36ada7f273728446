// The two logins end to end over real HTTP: authorization code with PKCE (/authorize then CreateToken) and the device
// code flow (StartDeviceAuthorization, polling, /device approval).

import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startEmulator, type Emulator } from './index.ts';
import { oidcErrorOf, postJson, request } from './request.ts';

const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
let now = T0;
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ now: () => now, deviceIntervalSeconds: 2 });
});
afterAll(() => emu.close());
beforeEach(() => {
  now = T0;
  emu.reset();
});

async function register(body: object): Promise<{ clientId: string; clientSecret: string }> {
  const reply = await postJson(emu.url, '/client/register', { clientName: 'botocore-client-acme', clientType: 'public', ...body });
  expect(reply.status).toBe(200);
  const { clientId, clientSecret } = reply.json();
  return { clientId, clientSecret };
}

describe('authorization code with PKCE', () => {
  const callback = 'http://127.0.0.1:50123/oauth/callback';
  const verifier = randomBytes(48).toString('base64url').slice(0, 64);
  // Computed here independently of the emulator: base64url(sha256(verifier)) with the padding stripped (RFC 7636).
  const challenge = createHash('sha256').update(verifier).digest('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

  const registerAuthCodeClient = () => register({
    grantTypes: ['authorization_code', 'refresh_token'], redirectUris: ['http://127.0.0.1/oauth/callback'],
    issuerUrl: 'https://d-abc.awsapps.com/start', scopes: ['sso:account:access'],
  });

  /** The query botocore builds (reference §7 step 4), code_challenge appended last. */
  const authorizeUrl = (clientId: string, overrides: Record<string, string> = {}) => {
    const q = new URLSearchParams({
      response_type: 'code', client_id: clientId, redirect_uri: callback, state: 'f1c3a9e2-state',
      code_challenge_method: 'S256', scopes: 'sso:account:access', ...overrides,
    });
    return `/authorize?${q.toString()}&code_challenge=${overrides.code_challenge ?? challenge}`;
  };

  async function authorizeCode(clientId: string): Promise<string> {
    const reply = await request(emu.url, 'GET', authorizeUrl(clientId));
    expect(reply.status).toBe(302);
    const location = new URL(String(reply.headers.location));
    expect(`${location.origin}${location.pathname}`).toBe(callback);
    expect(location.searchParams.get('state')).toBe('f1c3a9e2-state');
    return location.searchParams.get('code') ?? '';
  }

  const redeem = (client: { clientId: string; clientSecret: string }, code: string, codeVerifier = verifier, redirectUri = callback) =>
    postJson(emu.url, '/token', { grantType: 'authorization_code', ...client, redirectUri, codeVerifier, code });

  test('/authorize redirects with a one-use code; the right verifier gets tokens including a refresh token', async () => {
    const client = await registerAuthCodeClient();
    const code = await authorizeCode(client.clientId);
    expect(code).toMatch(/^emu-code-/);
    const reply = await redeem(client, code);
    expect(reply.status).toBe(200);
    expect(reply.json()).toEqual({
      accessToken: expect.stringMatching(/^emu-at-/), tokenType: 'Bearer', expiresIn: 3600, refreshToken: expect.stringMatching(/^emu-rt-/),
    });
    expect(oidcErrorOf(await redeem(client, code))).toMatchObject({ status: 400, name: 'InvalidGrantException' });
    expect(emu.count('Authorize')).toBe(1);
    expect(emu.count('CreateToken', { grantType: 'authorization_code' })).toBe(2);
  });

  test('a verifier that does not hash to the challenge is InvalidGrantException, and spends the code', async () => {
    const client = await registerAuthCodeClient();
    const code = await authorizeCode(client.clientId);
    // The last character changed to one it cannot already be (the verifier is random).
    const wrong = await redeem(client, code, `${verifier.slice(0, -1)}${verifier.endsWith('x') ? 'y' : 'x'}`);
    expect(oidcErrorOf(wrong)).toMatchObject({ status: 400, name: 'InvalidGrantException', error: 'invalid_grant' });
    expect(wrong.json().error_description).toBe('Code verifier does not match the code challenge');
    expect(oidcErrorOf(await redeem(client, code))).toMatchObject({ status: 400, name: 'InvalidGrantException' });
  });

  test('the redirect URI at CreateToken must be the one given to /authorize', async () => {
    const client = await registerAuthCodeClient();
    const code = await authorizeCode(client.clientId);
    const reply = await redeem(client, code, verifier, 'http://127.0.0.1:50124/oauth/callback');
    expect(oidcErrorOf(reply)).toMatchObject({ status: 400, name: 'InvalidGrantException' });
    expect(reply.json().error_description).toBe('Redirect URI does not match the authorization request');
  });

  test('an expired code is ExpiredTokenException (botocore turns that into PendingAuthorizationExpiredError)', async () => {
    const client = await registerAuthCodeClient();
    const code = await authorizeCode(client.clientId);
    now = T0 + 300_000;
    expect(oidcErrorOf(await redeem(client, code))).toMatchObject({ status: 400, name: 'ExpiredTokenException', error: 'expired_token' });
  });

  test('denyNextAuthorization redirects once with error=access_denied and the state', async () => {
    const client = await registerAuthCodeClient();
    emu.denyNextAuthorization();
    const denied = await request(emu.url, 'GET', authorizeUrl(client.clientId));
    expect(denied.status).toBe(302);
    const location = new URL(String(denied.headers.location));
    expect(Object.fromEntries(location.searchParams)).toEqual({ error: 'access_denied', state: 'f1c3a9e2-state' });
    expect(await authorizeCode(client.clientId)).toMatch(/^emu-code-/);
  });

  test('refuses without redirecting when the client or the redirect URI is wrong', async () => {
    const client = await registerAuthCodeClient();
    const deviceClient = await register({});
    const cases: Array<[string, string]> = [
      [authorizeUrl('emu-client-unknown'), 'invalid_client'],
      [authorizeUrl(deviceClient.clientId), 'unauthorized_client'],
      [authorizeUrl(client.clientId, { redirect_uri: 'https://evil.example/oauth/callback' }), 'invalid_redirect_uri'],
      [authorizeUrl(client.clientId, { redirect_uri: 'http://127.0.0.1:50123/elsewhere' }), 'invalid_redirect_uri'],
    ];
    for (const [path, error] of cases) {
      const reply = await request(emu.url, 'GET', path);
      expect(reply.status).toBe(400);
      expect(reply.headers.location).toBeUndefined();
      expect(reply.json().error).toBe(error);
    }
  });

  test('accepts a localhost loopback redirect registered as localhost, any port', async () => {
    const client = await register({ grantTypes: ['authorization_code'], redirectUris: ['http://localhost/oauth/callback'] });
    const reply = await request(emu.url, 'GET', authorizeUrl(client.clientId, { redirect_uri: 'http://localhost:61000/oauth/callback' }));
    expect(reply.status).toBe(302);
    expect(String(reply.headers.location)).toMatch(/^http:\/\/localhost:61000\/oauth\/callback\?code=emu-code-/);
  });

  test('without S256 PKCE it redirects back with error=invalid_request', async () => {
    const client = await registerAuthCodeClient();
    const reply = await request(emu.url, 'GET', authorizeUrl(client.clientId, { code_challenge_method: 'plain' }));
    expect(reply.status).toBe(302);
    expect(new URL(String(reply.headers.location)).searchParams.get('error')).toBe('invalid_request');
  });
});

describe('device code flow', () => {
  async function startDevice(client: { clientId: string; clientSecret: string }) {
    const reply = await postJson(emu.url, '/device_authorization', { ...client, startUrl: 'https://d-abc.awsapps.com/start' });
    expect(reply.status).toBe(200);
    return reply.json();
  }
  const poll = (client: { clientId: string; clientSecret: string }, deviceCode: string) =>
    postJson(emu.url, '/token', { grantType: DEVICE_GRANT, ...client, deviceCode });

  test('pending, slow_down when polled inside the interval, then tokens once approved at /device', async () => {
    const client = await register({ scopes: ['sso:account:access'] });
    const device = await startDevice(client);
    expect(device).toEqual({
      deviceCode: expect.stringMatching(/^emu-dc-/),
      userCode: expect.stringMatching(/^[A-Z]{4}-[A-Z]{4}$/),
      verificationUri: `${emu.url}/device`,
      verificationUriComplete: `${emu.url}/device?user_code=${device.userCode}`,
      expiresIn: 600,
      interval: 2,
    });

    const first = await poll(client, device.deviceCode);
    expect(oidcErrorOf(first)).toMatchObject({ status: 400, name: 'AuthorizationPendingException', error: 'authorization_pending' });
    expect(first.json()).toEqual({ error: 'authorization_pending', error_description: 'Authorization is still pending' });
    now += 1_000;
    expect(oidcErrorOf(await poll(client, device.deviceCode))).toMatchObject({ status: 400, name: 'SlowDownException', error: 'slow_down' });
    now += 2_000;
    expect(oidcErrorOf(await poll(client, device.deviceCode))).toMatchObject({ name: 'AuthorizationPendingException' });

    const page = await request(emu.url, 'GET', new URL(device.verificationUriComplete).pathname + new URL(device.verificationUriComplete).search);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('approved');

    const tokens = await poll(client, device.deviceCode);
    expect(tokens.status).toBe(200);
    expect(tokens.json()).toMatchObject({ tokenType: 'Bearer', expiresIn: 3600, refreshToken: expect.stringMatching(/^emu-rt-/) });
    expect(oidcErrorOf(await poll(client, device.deviceCode))).toMatchObject({ status: 400, name: 'InvalidGrantException' });
  });

  test('a registration without scopes (a legacy profile\'s login) gets no refresh token', async () => {
    const client = await register({});
    const device = await startDevice(client);
    await request(emu.url, 'GET', `/device?user_code=${device.userCode}`);
    const tokens = await poll(client, device.deviceCode);
    expect(tokens.status).toBe(200);
    expect(Object.keys(tokens.json())).toEqual(['accessToken', 'tokenType', 'expiresIn']);
  });

  test('an expired device code is ExpiredTokenException, and /device refuses it too', async () => {
    const client = await register({});
    const device = await startDevice(client);
    now = T0 + 600_000;
    expect(oidcErrorOf(await poll(client, device.deviceCode))).toMatchObject({ status: 400, name: 'ExpiredTokenException', error: 'expired_token' });
    expect((await request(emu.url, 'GET', `/device?user_code=${device.userCode}`)).status).toBe(400);
  });

  test('a denied request is AccessDeniedException', async () => {
    const client = await register({});
    const device = await startDevice(client);
    emu.denyNextAuthorization();
    const page = await request(emu.url, 'GET', `/device?user_code=${device.userCode}`);
    expect(page.text).toContain('denied');
    expect(oidcErrorOf(await poll(client, device.deviceCode))).toMatchObject({ status: 400, name: 'AccessDeniedException', error: 'access_denied' });
  });

  test('StartDeviceAuthorization: 401 for a wrong secret, 400 UnauthorizedClient for an auth-code-only client', async () => {
    const client = await register({});
    const wrong = await postJson(emu.url, '/device_authorization', { clientId: client.clientId, clientSecret: 'nope', startUrl: 'https://x' });
    expect(oidcErrorOf(wrong)).toMatchObject({ status: 401, name: 'InvalidClientException' });
    const authCodeClient = await register({ grantTypes: ['authorization_code'], redirectUris: ['http://127.0.0.1/oauth/callback'] });
    const refused = await postJson(emu.url, '/device_authorization', { ...authCodeClient, startUrl: 'https://x' });
    expect(oidcErrorOf(refused)).toMatchObject({ status: 400, name: 'UnauthorizedClientException', error: 'unauthorized_client' });
  });

  test('/device answers 404 for a code it never issued', async () => {
    expect((await request(emu.url, 'GET', '/device?user_code=ZZZZ-ZZZZ')).status).toBe(404);
  });
});
