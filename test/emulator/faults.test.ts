// Fault injection (each kind, counts, order), the call log, reset(), unknown routes and a prompt close().

import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { startEmulator, type Emulator } from './index.ts';
import { bearer, postJson, request } from './request.ts';

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

const credsPath = '/federation/credentials?role_name=ReadOnly&account_id=111122223333';
const getCreds = (token: string) => request(emu.url, 'GET', credsPath, { headers: bearer(token) });
const refresh = (seed: { clientId: string; clientSecret: string }, refreshToken: string) =>
  postJson(emu.url, '/token', { clientId: seed.clientId, clientSecret: seed.clientSecret, grantType: 'refresh_token', refreshToken });

describe('error faults', () => {
  test('a portal error with a name gets that status, the name in x-amzn-ErrorType and a portal body', async () => {
    const { accessToken } = emu.seedLogin();
    emu.inject('GetRoleCredentials', { kind: 'error', status: 429, errorType: 'TooManyRequestsException' });
    const reply = await getCreds(accessToken);
    expect(reply.status).toBe(429);
    expect(reply.headers['x-amzn-errortype']).toBe('TooManyRequestsException');
    expect(reply.json()).toEqual({ message: 'Injected fault', __type: 'com.amazonaws.switchboard.portal#TooManyRequestsException' });
    expect(emu.issued.roleCredentials).toHaveLength(0);
  });

  test('an OIDC error gets the header verbatim and an OAuth body with the code for the name', async () => {
    const seed = emu.seedLogin();
    emu.inject('CreateToken', { kind: 'error', status: 500, errorType: 'InternalServerException' }, 1);
    const reply = await refresh(seed, seed.refreshToken);
    expect(reply.status).toBe(500);
    expect(reply.headers['x-amzn-errortype']).toBe('InternalServerException');
    expect(reply.json()).toEqual({ error: 'server_error', error_description: 'Injected fault' });
    expect((await refresh(seed, seed.refreshToken)).status).toBe(200); // the faulted call did not spend it
  });

  test('a bare status has no error-type header; an explicit body is sent byte for byte', async () => {
    const { accessToken } = emu.seedLogin();
    emu.inject('GetRoleCredentials', { kind: 'error', status: 401 }, 1);
    emu.inject('GetRoleCredentials', { kind: 'error', status: 403, errorType: 'ForbiddenException', body: '{"message":"No access"}' }, 1);
    const bare = await getCreds(accessToken);
    expect(bare.status).toBe(401);
    expect(bare.headers['x-amzn-errortype']).toBeUndefined();
    expect(bare.json()).toEqual({ message: 'Injected fault' });
    const exact = await getCreds(accessToken);
    expect(exact.status).toBe(403);
    expect(exact.text).toBe('{"message":"No access"}');
  });
});

describe('other fault kinds', () => {
  test('malformed: 200, JSON content type, a body that does not parse', async () => {
    const { accessToken } = emu.seedLogin();
    emu.inject('GetRoleCredentials', { kind: 'malformed' }, 1);
    const reply = await getCreds(accessToken);
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('application/json');
    expect(() => reply.json()).toThrow(SyntaxError);
  });

  test('json: a custom body, 200 unless a status is given', async () => {
    const { accessToken } = emu.seedLogin();
    const inSeconds = { roleCredentials: { accessKeyId: 'ASIAX', secretAccessKey: 's', sessionToken: 't', expiration: 1_795_000_000 } };
    emu.inject('GetRoleCredentials', { kind: 'json', body: inSeconds }, 1);
    emu.inject('GetRoleCredentials', { kind: 'json', status: 202, body: { roleCredentials: {} } }, 1);
    const first = await getCreds(accessToken);
    expect([first.status, first.json()]).toEqual([200, inSeconds]);
    const second = await getCreds(accessToken);
    expect([second.status, second.json()]).toEqual([202, { roleCredentials: {} }]);
  });

  test('reset: the connection is destroyed without an answer and the call is logged with status 0', async () => {
    const { accessToken } = emu.seedLogin();
    emu.inject('GetRoleCredentials', { kind: 'reset' }, 1);
    await expect(getCreds(accessToken)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(emu.calls).toEqual([{ operation: 'GetRoleCredentials', method: 'GET', path: '/federation/credentials', status: 0, at: expect.any(Number) }]);
    expect(emu.issued.roleCredentials).toHaveLength(0);
  });

  test('delay: answers normally after the delay', async () => {
    const { accessToken } = emu.seedLogin();
    emu.inject('GetRoleCredentials', { kind: 'delay', ms: 300 }, 1);
    const started = Date.now();
    const reply = await getCreds(accessToken);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(reply.status).toBe(200);
    expect(reply.json().roleCredentials.accessKeyId).toBe(emu.issued.roleCredentials[0]?.accessKeyId);
  });

  test('delay: a client that disconnects meanwhile gets nothing done, so its refresh token is not spent (logged 499)', async () => {
    const seed = emu.seedLogin();
    emu.inject('CreateToken', { kind: 'delay', ms: 1_200 }, 1);
    const body = JSON.stringify({ clientId: seed.clientId, clientSecret: seed.clientSecret, grantType: 'refresh_token', refreshToken: seed.refreshToken });
    const abandoned = httpRequest(`${emu.url}/token`, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } });
    abandoned.on('error', () => {});
    abandoned.end(body);
    await new Promise((r) => setTimeout(r, 300)); // the request is in the emulator, waiting out its delay
    abandoned.destroy();
    await vi.waitFor(() => expect(emu.calls).toHaveLength(1), { timeout: 1_000 });
    expect(emu.calls[0]).toMatchObject({ operation: 'CreateToken', status: 499, grantType: 'refresh_token' });

    expect((await refresh(seed, seed.refreshToken)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1_000)); // past the abandoned delay: it must not run late either
    expect(emu.issued.tokens.map((t) => t.grantType)).toEqual(['seed', 'refresh_token']);
  });
});

describe('fault bookkeeping', () => {
  test('a counted fault is used up, then the next one applies, then normal answers', async () => {
    const { accessToken } = emu.seedLogin();
    emu.inject('GetRoleCredentials', { kind: 'error', status: 500 }, 2);
    emu.inject('GetRoleCredentials', { kind: 'error', status: 503 }, 1);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await getCreds(accessToken)).status);
    expect(statuses).toEqual([500, 500, 503, 200]);
  });

  test('without a count a fault stays until clearFaults, and applies only to its operation', async () => {
    const seed = emu.seedLogin();
    emu.inject('GetRoleCredentials', { kind: 'error', status: 500 });
    for (let i = 0; i < 3; i++) expect((await getCreds(seed.accessToken)).status).toBe(500);
    expect((await request(emu.url, 'GET', '/assignment/accounts', { headers: bearer(seed.accessToken) })).status).toBe(200);
    emu.clearFaults();
    expect((await getCreds(seed.accessToken)).status).toBe(200);
  });

  test('refuses an unknown operation or a malformed fault', () => {
    expect(() => emu.inject('GetRoleCredential', { kind: 'reset' })).toThrow(/unknown operation 'GetRoleCredential'/);
    expect(() => emu.inject('CreateToken', { kind: 'delay' } as never)).toThrow(/not a fault/);
    expect(() => emu.inject('CreateToken', { kind: 'reset' }, 0)).toThrow(/positive integer/);
  });
});

describe('call log, count, reset, routes, close', () => {
  test('logs every call with operation, method, path without query, status, time and the CreateToken grant', async () => {
    const seed = emu.seedLogin();
    const before = Date.now();
    await getCreds(seed.accessToken);
    await refresh(seed, seed.refreshToken);
    await refresh(seed, seed.refreshToken);
    await request(emu.url, 'GET', '/nowhere?x=1');
    expect(emu.calls).toEqual([
      { operation: 'GetRoleCredentials', method: 'GET', path: '/federation/credentials', status: 200, at: expect.any(Number) },
      { operation: 'CreateToken', method: 'POST', path: '/token', status: 200, at: expect.any(Number), grantType: 'refresh_token' },
      { operation: 'CreateToken', method: 'POST', path: '/token', status: 400, at: expect.any(Number), grantType: 'refresh_token' },
      { operation: 'Unknown', method: 'GET', path: '/nowhere', status: 404, at: expect.any(Number) },
    ]);
    expect(emu.calls.every((c) => c.at >= before && c.at <= Date.now())).toBe(true);
    expect(emu.count('CreateToken')).toBe(2);
    expect(emu.count('CreateToken', { grantType: 'refresh_token' })).toBe(2);
    expect(emu.count('CreateToken', { grantType: 'authorization_code' })).toBe(0);
    expect(emu.count('GetRoleCredentials')).toBe(1);
  });

  test('an unknown route or a wrong method is a JSON 404 UnknownOperationException', async () => {
    for (const [method, path] of [['GET', '/nowhere'], ['POST', '/federation/credentials'], ['GET', '/token']] as const) {
      const reply = await request(emu.url, method, path);
      expect(reply.status).toBe(404);
      expect(reply.headers['content-type']).toBe('application/json');
      expect(reply.headers['x-amzn-errortype']).toBe('UnknownOperationException');
      expect(reply.json().message).toBe(`No operation at ${method} ${path}`);
    }
  });

  test('reset forgets tokens, clients, the log, faults and extra assignments', async () => {
    const seed = emu.seedLogin();
    emu.assign('444455556666', 'Deploy');
    emu.inject('ListAccounts', { kind: 'error', status: 500 });
    await getCreds(seed.accessToken);
    emu.reset();
    expect(emu.calls).toHaveLength(0);
    expect(emu.issued.tokens).toHaveLength(0);
    expect((await getCreds(seed.accessToken)).status).toBe(401);
    expect((await refresh(seed, seed.refreshToken)).status).toBe(401);
    const fresh = emu.seedLogin();
    const accounts = await request(emu.url, 'GET', '/assignment/accounts', { headers: bearer(fresh.accessToken) });
    expect(accounts.json().accountList.map((a: { accountId: string }) => a.accountId)).toEqual(['111122223333']);
  });

  test('close() ends promptly with a request parked in a delay and a keep-alive connection open', async () => {
    const own = await startEmulator();
    own.inject('ListAccounts', { kind: 'delay', ms: 30_000 });
    const parked = request(own.url, 'GET', '/assignment/accounts').catch((err: Error) => err);
    await new Promise((r) => setTimeout(r, 200));
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(await parked).toBeInstanceOf(Error);
    expect(own.calls).toEqual([expect.objectContaining({ operation: 'ListAccounts', status: 499 })]);
  });
});
