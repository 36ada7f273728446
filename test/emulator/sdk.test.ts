// Fidelity with the real AWS SDK for JS v3: its SSO and SSO-OIDC clients, pointed at the emulator, parse its answers
// and name its errors the way they do against AWS.

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { GetRoleCredentialsCommand, LogoutCommand, paginateListAccountRoles, paginateListAccounts, SSOClient } from '@aws-sdk/client-sso';
import {
  CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand,
} from '@aws-sdk/client-sso-oidc';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startEmulator, type Emulator } from './index.ts';
import { request } from './request.ts';

let emu: Emulator;
let sso: SSOClient;
let oidc: SSOOIDCClient;
beforeAll(async () => {
  emu = await startEmulator();
  sso = new SSOClient({ region: 'us-east-1', endpoint: emu.url });
  oidc = new SSOOIDCClient({ region: 'us-east-1', endpoint: emu.url });
});
afterAll(async () => {
  sso.destroy();
  oidc.destroy();
  await emu.close();
});
beforeEach(() => emu.reset());

/** The SDK's rejection, for asserting on its name and HTTP status. */
async function rejection(promise: Promise<unknown>): Promise<{ name: string; status: number | undefined; message: string }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected the call to fail');
}

describe('@aws-sdk/client-sso', () => {
  test('GetRoleCredentials returns the credentials the emulator issued, expiration in epoch ms', async () => {
    const { accessToken } = emu.seedLogin();
    const out = await sso.send(new GetRoleCredentialsCommand({ accessToken, accountId: '111122223333', roleName: 'ReadOnly' }));
    const issued = emu.issued.roleCredentials[0];
    expect(out.roleCredentials).toEqual({
      accessKeyId: issued?.accessKeyId, secretAccessKey: issued?.secretAccessKey, sessionToken: issued?.sessionToken, expiration: issued?.expiration,
    });
    expect(emu.calls).toEqual([expect.objectContaining({ operation: 'GetRoleCredentials', status: 200 })]);
  });

  test('a 401 surfaces as UnauthorizedException, a 403 as ForbiddenException (not in the model)', async () => {
    const { accessToken } = emu.seedLogin();
    expect(await rejection(sso.send(new GetRoleCredentialsCommand({ accessToken: 'emu-at-bogus', accountId: '111122223333', roleName: 'ReadOnly' }))))
      .toEqual({ name: 'UnauthorizedException', status: 401, message: 'Session token not found or invalid' });
    expect(await rejection(sso.send(new GetRoleCredentialsCommand({ accessToken, accountId: '111122223333', roleName: 'PowerUser' }))))
      .toEqual({ name: 'ForbiddenException', status: 403, message: 'No access' });
  });

  test('an injected 401 with a name and no body of its own is still UnauthorizedException', async () => {
    const { accessToken } = emu.seedLogin();
    emu.inject('GetRoleCredentials', { kind: 'error', status: 401, errorType: 'UnauthorizedException' }, 1);
    expect((await rejection(sso.send(new GetRoleCredentialsCommand({ accessToken, accountId: '111122223333', roleName: 'ReadOnly' })))).name)
      .toBe('UnauthorizedException');
  });

  test('the ListAccounts paginator follows next_token through every page', async () => {
    for (const id of ['222233334444', '333344445555', '444455556666']) emu.assign(id, 'ReadOnly');
    const { accessToken } = emu.seedLogin();
    const ids: string[] = [];
    for await (const page of paginateListAccounts({ client: sso, pageSize: 2 }, { accessToken })) {
      ids.push(...(page.accountList ?? []).map((a) => a.accountId ?? ''));
    }
    expect(ids).toEqual(['111122223333', '222233334444', '333344445555', '444455556666']);
    expect(emu.count('ListAccounts')).toBe(2);
  });

  test('ListAccountRoles pages, and a throttled page (429, real rate limiting) is retried by the SDK and then served', async () => {
    for (const role of ['Billing', 'Dev', 'Ops']) emu.assign('111122223333', role);
    const { accessToken } = emu.seedLogin();
    emu.throttle('ListAccountRoles', { perSecond: 10, burst: 1 });
    const names: string[] = [];
    for await (const page of paginateListAccountRoles({ client: sso, pageSize: 2 }, { accessToken, accountId: '111122223333' })) {
      names.push(...(page.roleList ?? []).map((r) => `${r.accountId}/${r.roleName}`));
    }
    expect(names).toEqual(['ReadOnly', 'Admin', 'Billing', 'Dev', 'Ops'].map((r) => `111122223333/${r}`));
    const statuses = emu.calls.filter((c) => c.operation === 'ListAccountRoles').map((c) => c.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses).toContain(429);
  });

  test('an exhausted retry budget surfaces as TooManyRequestsException (429)', async () => {
    const { accessToken } = emu.seedLogin();
    emu.inject('ListAccounts', { kind: 'error', status: 429, errorType: 'TooManyRequestsException' });
    const pages = paginateListAccounts({ client: sso }, { accessToken });
    expect(await rejection(pages.next())).toEqual({ name: 'TooManyRequestsException', status: 429, message: 'Injected fault' });
    expect(emu.count('ListAccounts')).toBe(3); // the SDK's standard mode: 3 attempts
  });

  test('Logout succeeds on the empty 200 and the token is then refused', async () => {
    const { accessToken } = emu.seedLogin();
    await sso.send(new LogoutCommand({ accessToken }));
    expect((await rejection(sso.send(new GetRoleCredentialsCommand({ accessToken, accountId: '111122223333', roleName: 'ReadOnly' })))).name)
      .toBe('UnauthorizedException');
  });
});

describe('@aws-sdk/client-sso-oidc', () => {
  test('RegisterClient returns the client with its expiry in epoch seconds', async () => {
    const before = Math.floor(Date.now() / 1000);
    const out = await oidc.send(new RegisterClientCommand({
      clientName: 'keyrack-cp-test', clientType: 'public', grantTypes: ['authorization_code', 'refresh_token'],
      redirectUris: ['http://127.0.0.1/oauth/callback'], scopes: ['sso:account:access'], issuerUrl: 'https://d-abc.awsapps.com/start',
    }));
    expect(out.clientId).toMatch(/^emu-client-/);
    expect(out.clientSecret).toMatch(/^emu-cs-/);
    expect(out.clientSecretExpiresAt).toBeGreaterThanOrEqual(before + 90 * 24 * 3600 - 1);
    expect(out.clientSecretExpiresAt).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 90 * 24 * 3600);
  });

  test('CreateToken with the refresh_token grant rotates; the spent token is InvalidGrantException', async () => {
    const seed = emu.seedLogin();
    const input = { clientId: seed.clientId, clientSecret: seed.clientSecret, grantType: 'refresh_token', refreshToken: seed.refreshToken };
    const out = await oidc.send(new CreateTokenCommand(input));
    const issued = emu.issued.tokens.at(-1);
    expect(out).toMatchObject({ accessToken: issued?.accessToken, refreshToken: issued?.refreshToken, tokenType: 'Bearer', expiresIn: 3600 });
    expect(out.refreshToken).not.toBe(seed.refreshToken);

    // The JS SDK keeps the OAuth fields on the exception and has no `message` to show: as against AWS.
    const spent = await oidc.send(new CreateTokenCommand(input)).catch((err: unknown) => err);
    expect(spent).toMatchObject({
      name: 'InvalidGrantException', $metadata: { httpStatusCode: 400 }, error: 'invalid_grant', error_description: 'Refresh token has already been used',
    });
    expect(emu.count('CreateToken', { grantType: 'refresh_token' })).toBe(2);
  });

  test('a wrong client secret is InvalidClientException (401)', async () => {
    const seed = emu.seedLogin();
    const err = await rejection(oidc.send(new CreateTokenCommand({
      clientId: seed.clientId, clientSecret: 'emu-cs-wrong', grantType: 'refresh_token', refreshToken: seed.refreshToken,
    })));
    expect([err.name, err.status]).toEqual(['InvalidClientException', 401]);
  });

  test('the device flow: AuthorizationPendingException, then a token after /device approval', async () => {
    const reg = await oidc.send(new RegisterClientCommand({ clientName: 'botocore-client-acme', clientType: 'public', scopes: ['sso:account:access'] }));
    const client = { clientId: reg.clientId ?? '', clientSecret: reg.clientSecret ?? '' };
    const device = await oidc.send(new StartDeviceAuthorizationCommand({ ...client, startUrl: 'https://d-abc.awsapps.com/start' }));
    const poll = () => oidc.send(new CreateTokenCommand({
      ...client, grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: device.deviceCode ?? '',
    }));
    expect((await rejection(poll())).name).toBe('AuthorizationPendingException');
    const complete = new URL(device.verificationUriComplete ?? '');
    expect((await request(emu.url, 'GET', `${complete.pathname}${complete.search}`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, (device.interval ?? 1) * 1000));
    const token = await poll();
    expect(token.accessToken).toBe(emu.issued.tokens.at(-1)?.accessToken);
  });
});
