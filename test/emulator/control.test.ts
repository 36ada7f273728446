// The /__emulator/ control API, and cli.ts bundled as scripts/build.mjs bundles it (esbuild, cjs) and run standalone.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startEmulator, type Emulator } from './index.ts';
import { bearer, postJson, request } from './request.ts';

describe('control API', () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(() => emu.close());
  beforeEach(() => emu.reset());

  test('seed-login answers the seed with ISO dates and the token file to write; the token works', async () => {
    const reply = await postJson(emu.url, '/__emulator/seed-login', { startUrl: 'https://d-abc.awsapps.com/start', accessTokenTtlSeconds: 600 });
    expect(reply.status).toBe(200);
    const seed = reply.json();
    expect(seed).toMatchObject({ startUrl: 'https://d-abc.awsapps.com/start', region: 'us-east-1', user: 'emulator-user' });
    expect(Date.parse(seed.expiresAt) - Date.now()).toBeGreaterThan(590_000);
    expect(Date.parse(seed.expiresAt) - Date.now()).toBeLessThanOrEqual(600_000);
    expect(seed.tokenCache).toEqual({
      startUrl: 'https://d-abc.awsapps.com/start',
      region: 'us-east-1',
      accessToken: seed.accessToken,
      expiresAt: seed.expiresAt.replace(/\.\d{3}Z$/, 'Z'),
      clientId: seed.clientId,
      clientSecret: seed.clientSecret,
      registrationExpiresAt: seed.registrationExpiresAt.replace(/\.\d{3}Z$/, 'Z'),
      refreshToken: seed.refreshToken,
    });
    const creds = await request(emu.url, 'GET', '/federation/credentials?role_name=ReadOnly&account_id=111122223333', { headers: bearer(seed.accessToken) });
    expect(creds.status).toBe(200);
  });

  test('inject, calls, count, issued, clear-faults, assign and reset drive the same emulator', async () => {
    const { accessToken } = emu.seedLogin();
    expect((await postJson(emu.url, '/__emulator/inject', { operation: 'ListAccounts', fault: { kind: 'error', status: 503 }, times: 1 })).status).toBe(200);
    expect((await request(emu.url, 'GET', '/assignment/accounts', { headers: bearer(accessToken) })).status).toBe(503);
    expect((await postJson(emu.url, '/__emulator/assign', { accountId: '444455556666', roleName: 'Deploy', accountName: 'deploy' })).status).toBe(200);
    const accounts = await request(emu.url, 'GET', '/assignment/accounts', { headers: bearer(accessToken) });
    expect(accounts.json().accountList).toContainEqual({ accountId: '444455556666', accountName: 'deploy', emailAddress: 'aws+444455556666@example.com' });

    const calls = (await request(emu.url, 'GET', '/__emulator/calls')).json().calls;
    expect(calls.map((c: { status: number }) => c.status)).toEqual([503, 200]); // control calls are not logged
    expect((await request(emu.url, 'GET', '/__emulator/count?operation=ListAccounts')).json()).toEqual({ count: 2 });
    expect((await request(emu.url, 'GET', '/__emulator/issued')).json().tokens[0]).toMatchObject({ accessToken, grantType: 'seed' });

    await postJson(emu.url, '/__emulator/inject', { operation: 'ListAccounts', fault: { kind: 'reset' } });
    await postJson(emu.url, '/__emulator/clear-faults', {});
    expect((await request(emu.url, 'GET', '/assignment/accounts', { headers: bearer(accessToken) })).status).toBe(200);

    await postJson(emu.url, '/__emulator/deny-next-authorization', {});
    await postJson(emu.url, '/__emulator/reset', {});
    expect(emu.calls).toHaveLength(0);
    expect((await request(emu.url, 'GET', '/assignment/accounts', { headers: bearer(accessToken) })).status).toBe(401);
  });

  test('throttle sets a rate limit on an operation; without perSecond and burst it lifts it', async () => {
    const { accessToken } = emu.seedLogin();
    const accounts = () => request(emu.url, 'GET', '/assignment/accounts', { headers: bearer(accessToken) });
    expect((await postJson(emu.url, '/__emulator/throttle', { operation: 'ListAccounts', perSecond: 0.001, burst: 1 })).status).toBe(200);
    expect([(await accounts()).status, (await accounts()).status]).toEqual([200, 429]);
    await postJson(emu.url, '/__emulator/throttle', { operation: 'ListAccounts' });
    expect((await accounts()).status).toBe(200);
    const bad = await postJson(emu.url, '/__emulator/throttle', { operation: 'ListAccounts', perSecond: 1 });
    expect([bad.status, bad.json().message]).toEqual([400, 'not a rate limit: {"perSecond":1,"burst":null}']);
  });

  test('bad input is a 400 with the reason; an unknown action is a 404', async () => {
    const badFault = await postJson(emu.url, '/__emulator/inject', { operation: 'CreateToken', fault: { kind: 'explode' } });
    expect([badFault.status, badFault.json().message]).toEqual([400, 'not a fault: {"kind":"explode"}']);
    const badOp = await postJson(emu.url, '/__emulator/inject', { operation: 'Nope', fault: { kind: 'reset' } });
    expect(badOp.status).toBe(400);
    expect((await postJson(emu.url, '/__emulator/seed-login', { accessTokenTtlSeconds: 'soon' })).json().message).toBe('accessTokenTtlSeconds must be a number');
    expect((await postJson(emu.url, '/__emulator/seed-login', '[')).status).toBe(400);
    expect((await request(emu.url, 'GET', '/__emulator/seed-login')).status).toBe(404);
    expect((await request(emu.url, 'GET', '/__emulator/nothing')).status).toBe(404);
  });
});

describe('cli.ts bundled to CommonJS', () => {
  let dir: string;
  let bundle: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'emu-cli-'));
    bundle = join(dir, 'emulator.cjs');
    // As scripts/build.mjs does: a cjs bundle fails to build if cli.ts grows a top-level await.
    buildSync({ entryPoints: [join(import.meta.dirname, 'cli.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: bundle, logLevel: 'silent' });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function startCli(args: string[]): { child: ChildProcessWithoutNullStreams; firstLine: Promise<string>; exit: Promise<number | null> } {
    const child = spawn(process.execPath, [bundle, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    const firstLine = new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')));
      });
      child.on('exit', () => reject(new Error(`exited before printing a line: ${out}`)));
    });
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, firstLine, exit };
  }

  test('prints {"url"} on one line, serves SSO and control calls, and exits 0 on SIGTERM', async () => {
    const { child, firstLine, exit } = startCli(['--device-interval-seconds', '3']);
    const { url } = JSON.parse(await firstLine);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const seed = (await postJson(url, '/__emulator/seed-login', {})).json();
    expect((await request(url, 'GET', '/federation/credentials?role_name=ReadOnly&account_id=111122223333', { headers: bearer(seed.accessToken) })).status).toBe(200);
    const reg = (await postJson(url, '/client/register', { clientName: 'x', clientType: 'public' })).json();
    const device = (await postJson(url, '/device_authorization', { clientId: reg.clientId, clientSecret: reg.clientSecret, startUrl: 'https://x' })).json();
    expect(device.interval).toBe(3);
    expect((await request(url, 'GET', '/__emulator/count?operation=GetRoleCredentials')).json()).toEqual({ count: 1 });
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  });

  test('--port listens where it is told; SIGINT stops it too', async () => {
    const port = await freePort();
    const { child, firstLine, exit } = startCli(['--port', String(port)]);
    expect(JSON.parse(await firstLine)).toEqual({ url: `http://127.0.0.1:${port}` });
    child.kill('SIGINT');
    expect(await exit).toBe(0);
  });

  test('a bad flag exits 2 with the usage on stderr', async () => {
    const child = spawn(process.execPath, [bundle, '--port', 'eighty'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((resolve) => child.on('exit', resolve));
    expect(code).toBe(2);
    expect(err).toContain("--port must be a number, got 'eighty'");
    expect(err).toContain('usage: emulator');
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
