// The SSO portal operations over real HTTP: success shapes, paging, and the exact error status/header/body.

import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startEmulator, type Emulator } from './index.ts';
import { bearer, portalErrorOf, postJson, request } from './request.ts';

const T0 = Date.UTC(2026, 10, 22, 9, 0, 0);
let now = T0;
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ now: () => now, roleCredentialTtlSeconds: 2 * 3600 });
});
afterAll(() => emu.close());
beforeEach(() => {
  now = T0;
  emu.reset();
});

const creds = (token: string, query = 'role_name=ReadOnly&account_id=111122223333') =>
  request(emu.url, 'GET', `/federation/credentials?${query}`, { headers: bearer(token) });

describe('GetRoleCredentials', () => {
  test('answers roleCredentials with an epoch-ms expiration one role session from now, and records what it issued', async () => {
    const { accessToken } = emu.seedLogin();
    const reply = await creds(accessToken);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    const { roleCredentials } = reply.json();
    expect(Object.keys(roleCredentials)).toEqual(['accessKeyId', 'secretAccessKey', 'sessionToken', 'expiration']);
    expect(roleCredentials.accessKeyId).toMatch(/^ASIAEMU[A-Z2-7]{13}$/);
    expect(roleCredentials.sessionToken).toMatch(/^emu-st-/);
    expect(roleCredentials.expiration).toBe(T0 + 2 * 3600 * 1000);
    expect(emu.issued.roleCredentials).toEqual([
      { ...roleCredentials, accountId: '111122223333', roleName: 'ReadOnly', user: 'emulator-user', accessToken },
    ]);
  });

  test('does not depend on query order or on the header name case', async () => {
    const { accessToken } = emu.seedLogin();
    const jsOrder = await request(emu.url, 'GET', '/federation/credentials?account_id=111122223333&role_name=Admin', {
      headers: { 'X-Amz-SSO_Bearer_Token': accessToken },
    });
    expect(jsOrder.status).toBe(200);
    expect(emu.issued.roleCredentials.map((c) => c.roleName)).toEqual(['Admin']);
  });

  test.each([
    ['no bearer header', undefined],
    ['an unknown token', 'emu-at-not-issued'],
  ])('401 UnauthorizedException for %s', async (_name, token) => {
    const reply = await request(emu.url, 'GET', '/federation/credentials?role_name=ReadOnly&account_id=111122223333', {
      headers: token === undefined ? {} : bearer(token),
    });
    expect(portalErrorOf(reply)).toEqual({
      status: 401,
      errorType: 'UnauthorizedException',
      body: { message: 'Session token not found or invalid', __type: 'com.amazonaws.switchboard.portal#UnauthorizedException' },
    });
  });

  test('401 once the access token has expired, not a second before', async () => {
    const { accessToken } = emu.seedLogin({ accessTokenTtlSeconds: 600 });
    now = T0 + 599_000;
    expect((await creds(accessToken)).status).toBe(200);
    now = T0 + 600_000;
    expect(portalErrorOf(await creds(accessToken))).toMatchObject({ status: 401, errorType: 'UnauthorizedException' });
  });

  test.each([
    ['a role the user is not assigned', 'role_name=PowerUser&account_id=111122223333'],
    ['an account the user is not assigned', 'role_name=ReadOnly&account_id=999999999999'],
  ])('403 ForbiddenException "No access" for %s', async (_name, query) => {
    const { accessToken } = emu.seedLogin();
    expect(portalErrorOf(await creds(accessToken, query))).toEqual({
      status: 403,
      errorType: 'ForbiddenException',
      body: { message: 'No access', __type: 'com.amazonaws.switchboard.portal#ForbiddenException' },
    });
    expect(emu.issued.roleCredentials).toHaveLength(0);
  });

  test.each([
    ['role_name', 'account_id=111122223333'],
    ['account_id', 'role_name=ReadOnly'],
  ])('400 InvalidRequestException without %s', async (missing, query) => {
    const { accessToken } = emu.seedLogin();
    expect(portalErrorOf(await creds(accessToken, query))).toEqual({
      status: 400,
      errorType: 'InvalidRequestException',
      body: { message: `Missing required parameter: ${missing}`, __type: 'com.amazonaws.switchboard.portal#InvalidRequestException' },
    });
  });

  test('assign() grants a new account and role to every user', async () => {
    emu.assign('444455556666', 'Deploy');
    const { accessToken } = emu.seedLogin({ user: 'someone-else' });
    expect((await creds(accessToken, 'role_name=Deploy&account_id=444455556666')).status).toBe(200);
  });
});

describe('ListAccounts and ListAccountRoles', () => {
  test('pages the accounts with next_token and max_result', async () => {
    emu.assign('222233334444', 'ReadOnly', { accountName: 'second' });
    emu.assign('333344445555', 'ReadOnly', { accountName: 'third' });
    const { accessToken } = emu.seedLogin();
    const first = (await request(emu.url, 'GET', '/assignment/accounts?max_result=2', { headers: bearer(accessToken) })).json();
    expect(first.accountList).toEqual([
      { accountId: '111122223333', accountName: 'emulator-111122223333', emailAddress: 'aws+111122223333@example.com' },
      { accountId: '222233334444', accountName: 'second', emailAddress: 'aws+222233334444@example.com' },
    ]);
    expect(typeof first.nextToken).toBe('string');
    const second = (await request(emu.url, 'GET', `/assignment/accounts?next_token=${encodeURIComponent(first.nextToken)}&max_result=2`, {
      headers: bearer(accessToken),
    })).json();
    expect(second).toEqual({ accountList: [{ accountId: '333344445555', accountName: 'third', emailAddress: 'aws+333344445555@example.com' }] });
  });

  test('rejects a max_result outside 1..100 and a next_token it did not issue', async () => {
    const { accessToken } = emu.seedLogin();
    for (const query of ['max_result=0', 'max_result=101', 'next_token=forged']) {
      const reply = await request(emu.url, 'GET', `/assignment/accounts?${query}`, { headers: bearer(accessToken) });
      expect(portalErrorOf(reply)).toMatchObject({ status: 400, errorType: 'InvalidRequestException' });
    }
  });

  test('lists the roles of an account; 400 without account_id, 403 for an unassigned account, 401 without a token', async () => {
    const { accessToken } = emu.seedLogin();
    const roles = await request(emu.url, 'GET', '/assignment/roles?account_id=111122223333', { headers: bearer(accessToken) });
    expect(roles.json()).toEqual({
      roleList: [{ roleName: 'ReadOnly', accountId: '111122223333' }, { roleName: 'Admin', accountId: '111122223333' }],
    });
    expect((await request(emu.url, 'GET', '/assignment/roles', { headers: bearer(accessToken) })).status).toBe(400);
    expect((await request(emu.url, 'GET', '/assignment/roles?account_id=999999999999', { headers: bearer(accessToken) })).status).toBe(403);
    expect((await request(emu.url, 'GET', '/assignment/roles?account_id=111122223333')).status).toBe(401);
  });
});

describe('rate limits (throttle)', () => {
  const roles = (token: string) => request(emu.url, 'GET', '/assignment/roles?account_id=111122223333', { headers: bearer(token) });

  test('beyond the burst a call is 429 TooManyRequestsException, as AWS throttles; the bucket refills at the rate', async () => {
    const { accessToken } = emu.seedLogin();
    emu.throttle('ListAccountRoles', { perSecond: 2, burst: 3 });
    const burst = await Promise.all([1, 2, 3, 4].map(() => roles(accessToken)));
    expect(burst.map((r) => r.status).sort()).toEqual([200, 200, 200, 429]);
    const throttled = burst.find((r) => r.status === 429)!;
    expect(portalErrorOf(throttled)).toEqual({
      status: 429,
      errorType: 'TooManyRequestsException',
      body: { message: 'Rate exceeded', __type: 'com.amazonaws.switchboard.portal#TooManyRequestsException' },
    });
    now += 499; // one token comes back every 500 ms at 2 per second
    expect((await roles(accessToken)).status).toBe(429);
    now += 1;
    expect((await roles(accessToken)).status).toBe(200);
    expect((await roles(accessToken)).status).toBe(429);
    expect(emu.calls.filter((c) => c.operation === 'ListAccountRoles').map((c) => c.status)).toEqual([...burst.map((r) => r.status), 429, 200, 429]);
  });

  test('a limit applies to its operation only, null lifts it, and reset() lifts them all', async () => {
    const { accessToken } = emu.seedLogin();
    emu.throttle('ListAccountRoles', { perSecond: 1, burst: 1 });
    expect((await roles(accessToken)).status).toBe(200);
    expect((await roles(accessToken)).status).toBe(429);
    expect((await request(emu.url, 'GET', '/assignment/accounts', { headers: bearer(accessToken) })).status).toBe(200);
    emu.throttle('ListAccountRoles', null);
    expect((await roles(accessToken)).status).toBe(200);
    emu.throttle('ListAccountRoles', { perSecond: 1, burst: 1 });
    emu.reset();
    const again = emu.seedLogin();
    expect((await roles(again.accessToken)).status).toBe(200);
    expect((await roles(again.accessToken)).status).toBe(200);
  });

  test('a throttled call is not performed: nothing is issued', async () => {
    const { accessToken } = emu.seedLogin();
    emu.throttle('GetRoleCredentials', { perSecond: 1, burst: 1 });
    expect((await creds(accessToken)).status).toBe(200);
    expect((await creds(accessToken)).status).toBe(429);
    expect(emu.issued.roleCredentials).toHaveLength(1);
    expect(() => emu.throttle('ListEverything', { perSecond: 1, burst: 1 })).toThrow(/unknown operation 'ListEverything'/);
    expect(() => emu.throttle('ListAccounts', { perSecond: 0, burst: 1 })).toThrow(/not a rate limit/);
  });
});

describe('Logout', () => {
  test('answers 200 with an empty body and ends the sign-in session: its access and refresh tokens stop working', async () => {
    const seed = emu.seedLogin();
    const reply = await request(emu.url, 'POST', '/logout', { headers: bearer(seed.accessToken) });
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('');
    expect(reply.headers['content-type']).toBe('application/json');

    expect(portalErrorOf(await creds(seed.accessToken))).toMatchObject({ status: 401, errorType: 'UnauthorizedException' });
    const refresh = await postJson(emu.url, '/token', {
      clientId: seed.clientId, clientSecret: seed.clientSecret, grantType: 'refresh_token', refreshToken: seed.refreshToken,
    });
    expect(refresh.status).toBe(400);
    expect(refresh.json()).toEqual({ error: 'invalid_grant', error_description: 'Sign-in session has ended' });
  });

  test('401 for a token that is not live, and another login is untouched by a logout', async () => {
    const a = emu.seedLogin();
    const b = emu.seedLogin();
    expect((await request(emu.url, 'POST', '/logout', { headers: bearer('emu-at-unknown') })).status).toBe(401);
    await request(emu.url, 'POST', '/logout', { headers: bearer(a.accessToken) });
    expect((await request(emu.url, 'POST', '/logout', { headers: bearer(a.accessToken) })).status).toBe(401);
    expect((await creds(b.accessToken)).status).toBe(200);
  });
});
