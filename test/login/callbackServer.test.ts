import { expect, test } from 'vitest';
import { PAGES } from '../../src/login/callbackRequest.ts';
import { startCallbackServer } from '../../src/login/callbackServer.ts';
import { createLogger } from '../../src/log.ts';

const log = createLogger({ debug: false, write: () => undefined });

test('127.0.0.1 on an ephemeral port; other paths 404 and leave the wait on; the code request is held until answered', async () => {
  const server = await startCallbackServer('st', log);
  try {
    expect(server.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth\/callback$/);
    const base = server.redirectUri.replace('/oauth/callback', '');
    expect((await fetch(`${base}/favicon.ico`)).status).toBe(404);
    expect((await fetch(`${base}/oauth/callback?state=st`)).status).toBe(400);

    const pending = fetch(`${server.redirectUri}?code=the-code&state=st`);
    const result = await server.result;
    expect(result.kind).toBe('code');
    if (result.kind !== 'code') return;
    expect(result.code).toBe('the-code');
    // The browser still waits: its page will tell the truth about the token.
    const early = await Promise.race([pending.then(() => 'answered'), new Promise((r) => setTimeout(() => r('held'), 200))]);
    expect(early).toBe('held');
    result.respond(PAGES.signedIn);
    const page = await pending;
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain('You can close this tab.');
    expect(body).not.toContain('the-code');
    expect(page.headers.get('cache-control')).toBe('no-store');
  } finally {
    server.close();
  }
});

test('a response with another state ends the wait as refused, and the browser is told so', async () => {
  const server = await startCallbackServer('st', log);
  try {
    const page = await fetch(`${server.redirectUri}?code=c&state=forged`);
    expect(page.status).toBe(400);
    expect(await page.text()).toMatch(/does not belong to the sign-in/);
    expect(await server.result).toEqual({ kind: 'state-mismatch' });
    // Nothing further is accepted.
    expect((await fetch(`${server.redirectUri}?code=c&state=st`)).status).toBe(404);
  } finally {
    server.close();
  }
});

test('an OAuth error with our state ends the wait with that error', async () => {
  const server = await startCallbackServer('st', log);
  try {
    const page = await fetch(`${server.redirectUri}?error=access_denied&state=st`);
    expect(await page.text()).toMatch(/not completed \(access_denied\)/);
    expect(await server.result).toEqual({ kind: 'error', error: 'access_denied' });
  } finally {
    server.close();
  }
});

test('it listens on the loopback address only', async () => {
  const server = await startCallbackServer('st', log);
  try {
    const port = new URL(server.redirectUri).port;
    const { networkInterfaces } = await import('node:os');
    const external = Object.values(networkInterfaces()).flat().find((i) => i && i.family === 'IPv4' && !i.internal);
    if (!external) return; // a machine with no other interface: nothing else to reach it on
    const reached = await fetch(`http://${external.address}:${port}/oauth/callback`, { signal: AbortSignal.timeout(2_000) }).then(() => true, () => false);
    expect(reached).toBe(false);
  } finally {
    server.close();
  }
});
