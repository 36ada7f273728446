// SSO-OIDC RegisterClient and the refresh-token grant over real HTTP: shapes, rotation, and the exact OAuth errors.

import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startEmulator, type Emulator } from './index.ts';
import { bearer, oidcErrorOf, postJson, request } from './request.ts';

const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
const CORAL = ':http://internal.amazon.com/coral/com.amazonaws.sso.oidc/';
let now = T0;
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ now: () => now, accessTokenTtlSeconds: 1800 });
});
afterAll(() => emu.close());
beforeEach(() => {
  now = T0;
  emu.reset();
});

const refresh = (seed: { clientId: string; clientSecret: string }, refreshToken: string) =>
  postJson(emu.url, '/token', { clientId: seed.clientId, clientSecret: seed.clientSecret, grantType: 'refresh_token', refreshToken });

describe('RegisterClient', () => {
  test('answers a client id and secret, issued now and expiring in 90 days, in epoch seconds', async () => {
    const reply = await postJson(emu.url, '/client/register', {
      clientName: 'botocore-client-acme', clientType: 'public', grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://127.0.0.1/oauth/callback'], issuerUrl: 'https://d-abc.awsapps.com/start', scopes: ['sso:account:access'],
    });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    const body = reply.json();
    expect(body).toEqual({
      clientId: expect.stringMatching(/^emu-client-/),
      clientSecret: expect.stringMatching(/^emu-cs-/),
      clientIdIssuedAt: T0 / 1000,
      clientSecretExpiresAt: T0 / 1000 + 90 * 24 * 3600,
      authorizationEndpoint: `${emu.url}/authorize`,
      tokenEndpoint: `${emu.url}/token`,
    });
  });

  test.each([
    ['a confidential client', { clientName: 'x', clientType: 'confidential' }, 'InvalidRequestException', 'invalid_request'],
    ['no client name', { clientType: 'public' }, 'InvalidRequestException', 'invalid_request'],
    ['an unknown grant type', { clientName: 'x', clientType: 'public', grantTypes: ['password'] }, 'UnsupportedGrantTypeException', 'unsupported_grant_type'],
    ['a non-loopback redirect', { clientName: 'x', clientType: 'public', grantTypes: ['authorization_code'], redirectUris: ['https://evil.example/cb'] },
      'InvalidRedirectUriException', 'invalid_redirect_uri'],
    ['authorization_code without redirect URIs', { clientName: 'x', clientType: 'public', grantTypes: ['authorization_code'] },
      'InvalidRedirectUriException', 'invalid_redirect_uri'],
    ['a body that is not JSON', '{nope', 'InvalidRequestException', 'invalid_request'],
    ['a body with the keys of a response', { status: 200, headers: {}, body: '' }, 'InvalidRequestException', 'invalid_request'],
  ])('400 for %s', async (_name, body, name, error) => {
    const reply = await postJson(emu.url, '/client/register', body);
    expect(oidcErrorOf(reply)).toEqual({ status: 400, name, errorType: `${name}${CORAL}`, error });
  });
});

describe('CreateToken, refresh_token grant', () => {
  test('answers a new access token and a rotated refresh token; both work, the old refresh token is spent', async () => {
    const seed = emu.seedLogin();
    const reply = await refresh(seed, seed.refreshToken);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    const body = reply.json();
    expect(body).toEqual({
      accessToken: expect.stringMatching(/^emu-at-/), tokenType: 'Bearer', expiresIn: 1800, refreshToken: expect.stringMatching(/^emu-rt-/),
    });
    expect(body.accessToken).not.toBe(seed.accessToken);
    expect(body.refreshToken).not.toBe(seed.refreshToken);
    expect(emu.issued.tokens.at(-1)).toMatchObject({
      accessToken: body.accessToken, refreshToken: body.refreshToken, grantType: 'refresh_token', expiresAt: new Date(T0 + 1800_000),
    });

    const again = await refresh(seed, seed.refreshToken);
    expect(oidcErrorOf(again)).toEqual({ status: 400, name: 'InvalidGrantException', errorType: `InvalidGrantException${CORAL}`, error: 'invalid_grant' });
    expect(again.json()).toEqual({ error: 'invalid_grant', error_description: 'Refresh token has already been used' });

    expect((await refresh(seed, body.refreshToken)).status).toBe(200);
    const portal = await request(emu.url, 'GET', '/federation/credentials?role_name=ReadOnly&account_id=111122223333', { headers: bearer(body.accessToken) });
    expect(portal.status).toBe(200);
  });

  test('the access token from before the refresh stays valid until it expires', async () => {
    const seed = emu.seedLogin();
    await refresh(seed, seed.refreshToken);
    const portal = await request(emu.url, 'GET', '/federation/credentials?role_name=ReadOnly&account_id=111122223333', { headers: bearer(seed.accessToken) });
    expect(portal.status).toBe(200);
  });

  test('400 InvalidGrantException for a refresh token it never issued or that belongs to another client', async () => {
    const a = emu.seedLogin();
    const b = emu.seedLogin();
    expect(oidcErrorOf(await refresh(a, 'emu-rt-forged'))).toMatchObject({ status: 400, name: 'InvalidGrantException' });
    expect(oidcErrorOf(await refresh(a, b.refreshToken))).toMatchObject({ status: 400, name: 'InvalidGrantException' });
    expect((await refresh(b, b.refreshToken)).status).toBe(200); // the failed attempt by a did not spend it
  });

  test.each([
    ['an unknown client', (s: Seed) => ({ clientId: 'emu-client-unknown', clientSecret: s.clientSecret }), 'Invalid client provided'],
    ['a wrong client secret', (s: Seed) => ({ clientId: s.clientId, clientSecret: 'emu-cs-wrong' }), 'Invalid client provided'],
  ])('401 InvalidClientException for %s, and the refresh token is not spent', async (_name, client, description) => {
    const seed = emu.seedLogin();
    const reply = await postJson(emu.url, '/token', { ...client(seed), grantType: 'refresh_token', refreshToken: seed.refreshToken });
    expect(oidcErrorOf(reply)).toEqual({ status: 401, name: 'InvalidClientException', errorType: `InvalidClientException${CORAL}`, error: 'invalid_client' });
    expect(reply.json().error_description).toBe(description);
    expect((await refresh(seed, seed.refreshToken)).status).toBe(200);
  });

  test('401 InvalidClientException once the client registration has expired', async () => {
    const seed = emu.seedLogin({ registrationTtlSeconds: 3600 });
    now = T0 + 3600_000;
    const reply = await refresh(seed, seed.refreshToken);
    expect(oidcErrorOf(reply)).toMatchObject({ status: 401, name: 'InvalidClientException' });
    expect(reply.json().error_description).toBe('Client registration has expired');
  });

  test.each([
    ['no grantType', { clientId: 'c', clientSecret: 's' }, 400, 'InvalidRequestException'],
    ['no refreshToken', 'missing-refresh-token', 400, 'InvalidRequestException'],
    ['an unsupported grant', { clientId: 'c', clientSecret: 's', grantType: 'password' }, 400, 'UnsupportedGrantTypeException'],
  ])('%s gives %i %s', async (_name, body, status, name) => {
    const seed = emu.seedLogin();
    const sent = body === 'missing-refresh-token' ? { clientId: seed.clientId, clientSecret: seed.clientSecret, grantType: 'refresh_token' } : body;
    expect(oidcErrorOf(await postJson(emu.url, '/token', sent))).toMatchObject({ status, name });
  });
});

type Seed = ReturnType<Emulator['seedLogin']>;
