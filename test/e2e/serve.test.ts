// keyrack-cp serve, both artifacts, against the emulator: what it prints, whom it answers and how, what it does
// with hostile or slow clients, one credential call for many, failures as answers while it keeps running, and stops.

import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tokenCacheJson } from '../emulator/index.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';
import { ARTIFACTS, Sandbox, START_URL } from '../helpers/sandbox.ts';
import { getCredentials, sendRaw, startServe, type Serving } from '../helpers/serveRun.ts';

const emu = useE2eEmulator();

/** A signed-in user whose token has `minutesLeft`, with nothing cached. */
function loggedIn(minutesLeft = 60): Sandbox {
  const seed = emu.seedLogin({ startUrl: START_URL, accessTokenTtlSeconds: minutesLeft * 60 });
  const box = new Sandbox(emu.url);
  box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
  return box;
}

const LOGIN_PARAGRAPH = "keyrack-cp: sso-session 'acme': is not logged in (there is no cached SSO token). Run: keyrack-cp login --sso-session acme";

/**
 * serve runs the credential path once as it starts listening (so a remedy is said at once, not at the first request);
 * a test that fails the service waits for that run's warning, so that its own requests are the next calls, not
 * shared with that run's or made before it ends.
 */
async function startupCheckDone(s: Serving): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!s.stderr().includes('keyrack-cp keeps serving')) {
    if (Date.now() > deadline) throw new Error(`serve's start-up check said nothing in 15 s; stderr:\n${s.stderr()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Serves on `box`, runs `body`, then stops it with SIGTERM and checks the clean stop: exit 0, stdout only the two lines. */
async function serving(box: Sandbox, cmd: readonly string[], args: readonly string[], body: (s: Serving) => Promise<void>, env: NodeJS.ProcessEnv = {}): Promise<string> {
  const s = await startServe(box, cmd, ['--profile', 'dev', '--format', 'env-no-export', ...args], env);
  try {
    await body(s);
  } finally {
    const end = await s.stop('SIGTERM');
    expect(end.code, end.stderr).toBe(0);
    expect(end.stdout).toBe(s.printed);
  }
  const stderr = s.stderr();
  // The server's token is a secret too: never on stderr, --debug included.
  expect(stderr).not.toContain(s.token);
  return stderr;
}

describe.each(ARTIFACTS)('%s serve', (_name, cmd) => {
  test('prints the two variables once listening, and answers the token with the credentials the emulator issued', async () => {
    const box = loggedIn();
    const stderr = await serving(box, cmd, ['--debug'], async (s) => {
      expect(s.printed).toMatch(/^AWS_CONTAINER_CREDENTIALS_FULL_URI=http:\/\/127\.0\.0\.1:\d+\/credentials\nAWS_CONTAINER_AUTHORIZATION_TOKEN=[A-Za-z0-9_-]{43}\n$/);
      const r = await getCredentials(s.url, s.token);
      expect(r.status).toBe(200);
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['cache-control']).toBe('no-store');
      const issued = emu.issued.roleCredentials;
      expect(issued).toHaveLength(1);
      expect(r.json).toEqual({
        AccessKeyId: issued[0]!.accessKeyId, SecretAccessKey: issued[0]!.secretAccessKey, Token: issued[0]!.sessionToken,
        Expiration: new Date(issued[0]!.expiration).toISOString().replace(/\.\d{3}Z$/, 'Z'), AccountId: '111122223333',
      });
      // The second request is a cache hit: the role-credential cache, as the credential process uses it.
      expect((await getCredentials(s.url, s.token)).json).toEqual(r.json);
      expect(emu.count('GetRoleCredentials')).toBe(1);
    });
    expect(stderr).toMatch(/debug: GET \/credentials → 200/);
  });

  test.each<[string, string[], RegExp]>([
    ['env (the default)', [], /^export AWS_CONTAINER_CREDENTIALS_FULL_URI=http:\/\/127\.0\.0\.1:\d+\/credentials\nexport AWS_CONTAINER_AUTHORIZATION_TOKEN=[\w-]{43}\n$/],
    ['fish', ['--format', 'fish'], /^set -gx AWS_CONTAINER_CREDENTIALS_FULL_URI "http:\/\/127\.0\.0\.1:\d+\/credentials"\nset -gx AWS_CONTAINER_AUTHORIZATION_TOKEN "[\w-]{43}"\n$/],
    ['powershell', ['--format', 'powershell'], /^\$Env:AWS_CONTAINER_CREDENTIALS_FULL_URI="http:[^"]+"\n\$Env:AWS_CONTAINER_AUTHORIZATION_TOKEN="[\w-]{43}"\n$/],
    ['windows-cmd', ['--format', 'windows-cmd'], /^set AWS_CONTAINER_CREDENTIALS_FULL_URI=http:\S+\nset AWS_CONTAINER_AUTHORIZATION_TOKEN=[\w-]{43}\n$/],
  ])('--format %s: the lines in the export formats', async (_format, args, lines) => {
    const box = loggedIn();
    const s = await startServe(box, cmd, ['--profile', 'dev', ...args]);
    expect(s.printed).toMatch(lines);
    const end = await s.stop('SIGINT');
    expect(end.code).toBe(0);
    expect(end.stdout).toBe(s.printed);
  });

  test('refused requests get their status and a JSON error at once; the server goes on serving', async () => {
    const box = loggedIn();
    const stderr = await serving(box, cmd, ['--debug'], async (s) => {
      const cases: [string | undefined, Parameters<typeof getCredentials>[2], number, string][] = [
        [undefined, {}, 401, 'MissingAuthorization'],
        ['x'.repeat(43), {}, 403, 'InvalidAuthorization'],
        [`${s.token}x`, {}, 403, 'InvalidAuthorization'],
        [s.token, { path: '/' }, 404, 'NotFound'],
        [s.token, { path: '/credentials/../etc' }, 404, 'NotFound'],
        [s.token, { method: 'POST' }, 405, 'MethodNotAllowed'],
        [s.token, { method: 'PUT', headers: { 'Content-Length': '5' } }, 405, 'MethodNotAllowed'],
        [s.token, { headers: { 'Content-Length': '10' } }, 400, 'BadRequest'],
      ];
      for (const [token, options, status, code] of cases) {
        const r = await getCredentials(s.url, token, options);
        expect([r.status, r.json?.Code], JSON.stringify(options)).toEqual([status, code]);
        expect(r.json?.Message).toMatch(/^keyrack-cp serve: /);
        expect(r.body).not.toContain(s.token);
        expect(r.ms).toBeLessThan(1000);
      }
      expect((await getCredentials(s.url, s.token)).status).toBe(200);
      expect(emu.count('GetRoleCredentials')).toBe(1); // no refused request got as far as the credentials
    });
    expect(stderr).toMatch(/GET → 401 \(no Authorization header\)/);
    expect(stderr).toMatch(/GET → 403 \(a wrong token\)/);
  });

  test('a huge request, a malformed one and bytes that are not HTTP are answered or cut off at once; others are served meanwhile', async () => {
    const box = loggedIn();
    await serving(box, cmd, [], async (s) => {
      const huge = await sendRaw(s.url, `GET /credentials HTTP/1.1\r\nHost: x\r\nAuthorization: ${s.token}\r\nX-Pad: ${'a'.repeat(100_000)}\r\n\r\n`, 5000);
      expect(huge.answer).toMatch(/^HTTP\/1\.1 431 /);
      expect(huge.closed).toBe(true);
      const malformed = await sendRaw(s.url, 'GET /credentials HTTP/1.1\r\nno colon here\r\n\r\n', 5000);
      expect(malformed.answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(malformed.closed).toBe(true);
      const junk = await sendRaw(s.url, Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x00, 0x0d, 0x0a, 0x0d, 0x0a]), 5000); // a TLS hello
      expect(junk.answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(junk.closed).toBe(true);
      expect((await getCredentials(s.url, s.token)).status).toBe(200);
    });
  });

  test('a client that never finishes its request is cut off in bounded time, and is served no credentials; others are served meanwhile', async () => {
    const box = loggedIn();
    await serving(box, cmd, [], async (s) => {
      const slow = sendRaw(s.url, `GET /credentials HTTP/1.1\r\nHost: x\r\nAuthorization: ${s.token}\r\n`, 15_000);
      const slowBody = sendRaw(s.url, `GET /credentials HTTP/1.1\r\nHost: x\r\nAuthorization: ${s.token}\r\nContent-Length: 1000\r\n\r\nabc`, 15_000);
      await new Promise((r) => setTimeout(r, 300));
      const meanwhile = await getCredentials(s.url, s.token);
      expect(meanwhile.status).toBe(200);
      const [headers, body] = await Promise.all([slow, slowBody]);
      // Node's headersTimeout (5 s), checked every second.
      expect(headers.closed).toBe(true);
      expect(headers.ms).toBeLessThan(8000);
      expect(headers.answer).not.toContain('AccessKeyId');
      // A body is refused before it is read: answered at once, never with credentials.
      expect(body.answer).toMatch(/^HTTP\/1\.1 400 /);
      expect(body.answer).not.toContain('AccessKeyId');
      expect(body.ms).toBeLessThan(8000);
    });
  }, 30_000);

  test('32 clients at once on an empty cache and a token in its last minutes: one CreateToken, one GetRoleCredentials, all the same credentials', async () => {
    const box = loggedIn(5);
    // A slow portal call, so all 32 requests arrive while the first run of the credential path is under way.
    emu.inject('GetRoleCredentials', { kind: 'delay', ms: 1500 }, 1);
    const stderr = await serving(box, cmd, ['--debug'], async (s) => {
      const answers = await Promise.all(Array.from({ length: 32 }, () => getCredentials(s.url, s.token)));
      expect(answers.map((a) => a.status)).toEqual(Array(32).fill(200));
      expect(emu.count('CreateToken', { grantType: 'refresh_token' })).toBe(1);
      expect(emu.count('GetRoleCredentials')).toBe(1);
      const issued = emu.issued.roleCredentials[0]!;
      for (const a of answers) expect(a.json).toMatchObject({ AccessKeyId: issued.accessKeyId, SecretAccessKey: issued.secretAccessKey, Token: issued.sessionToken });
    });
    // Within the process they shared one run of the credential path (the start-up check's, or one more): the locks
    // would keep it to one call anyway, but 32 runs would each wait on them and poll.
    expect(stderr.match(/debug: profile 'dev': sso-session 'acme'/g)?.length).toBeLessThanOrEqual(2);
  });

  test('not signed in: each request gets the one paragraph as its error, the remedy is said once on stderr, and signing in is enough', async () => {
    const box = new Sandbox(emu.url); // never logged in
    const stderr = await serving(box, cmd, [], async (s) => {
      for (let i = 0; i < 3; i++) {
        const r = await getCredentials(s.url, s.token);
        expect(r.status).toBe(403);
        expect(r.json).toEqual({ Code: 'LoginNeeded', Message: LOGIN_PARAGRAPH });
      }
      // `keyrack-cp login` (here: the token it would save) while the server runs.
      const seed = emu.seedLogin({ startUrl: START_URL });
      box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
      const r = await getCredentials(s.url, s.token);
      expect(r.status).toBe(200);
      expect(r.json?.AccessKeyId).toBe(emu.issued.roleCredentials[0]!.accessKeyId);
    });
    const remedy = LOGIN_PARAGRAPH.replace(/^keyrack-cp: /, '');
    expect(stderr).toBe(`keyrack-cp: warning: ${remedy} (keyrack-cp keeps serving; requests get this error until it is fixed)\n`);
  });

  test('the service failing: 424 with the paragraph, and served again once it answers', async () => {
    const box = loggedIn();
    emu.inject('GetRoleCredentials', { kind: 'error', status: 500 });
    const stderr = await serving(box, cmd, [], async (s) => {
      await startupCheckDone(s); // its own call fails too, and is said once on stderr
      const r = await getCredentials(s.url, s.token);
      expect(r.status).toBe(424);
      expect(r.json?.Code).toBe('CredentialsUnavailable');
      expect(r.json?.Message).toMatch(/^keyrack-cp: profile 'dev': .+\. .+/);
      emu.clearFaults();
      expect((await getCredentials(s.url, s.token)).status).toBe(200);
    });
    expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  test('role credentials the service issues with 15 minutes or less are never handed out: asked again once, then refused', async () => {
    const box = loggedIn();
    emu.inject('GetRoleCredentials', { kind: 'json', body: { roleCredentials: { accessKeyId: 'ASIASHORT', secretAccessKey: 'emu-st-short-secret-0000', sessionToken: 'emu-st-short-token-00000', expiration: Date.now() + 10 * 60_000 } } });
    await serving(box, cmd, [], async (s) => {
      // The start-up check gets them, asks again once, and refuses: said once on stderr.
      await startupCheckDone(s);
      expect(emu.count('GetRoleCredentials')).toBe(2);
      const r = await getCredentials(s.url, s.token);
      expect(r.status).toBe(424);
      expect(r.json?.Message).toMatch(/^keyrack-cp: profile 'dev': the SSO service issued role credentials with (9m5\d|10m00)s left, inside the SDKs' 15-minute refresh window\. Check the permission set's session duration/);
      expect(r.body).not.toContain('ASIASHORT');
      expect(emu.count('GetRoleCredentials')).toBe(4); // the request's own: once, then once again
    });
  });

  test('SIGINT and SIGTERM stop it at once, exit 0; SIGHUP too', async () => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      const box = loggedIn();
      const s = await startServe(box, cmd, ['--profile', 'dev']);
      const started = Date.now();
      const end = await s.stop(signal);
      expect([signal, end.code, end.signal]).toEqual([signal, 0, null]);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(end.stdout).toBe(s.printed);
    }
  });

  test('--listen on an address that is not loopback: served, with a warning on stderr saying who can reach it', async () => {
    const box = loggedIn();
    const stderr = await serving(box, cmd, ['--listen', '0.0.0.0:0'], async (s) => {
      expect(s.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/credentials$/);
      expect((await getCredentials(s.url, s.token)).status).toBe(200);
    });
    expect(stderr).toMatch(/^keyrack-cp: warning: listening on 0\.0\.0\.0:0, which is not a loopback address: any host or container that can reach it there and has the token gets the role credentials of profile 'dev'/);
  });

  test('--listen on an explicit loopback port: no warning', async () => {
    const port = await freePort();
    const box = loggedIn();
    const stderr = await serving(box, cmd, ['--listen', `127.0.0.1:${port}`], async (s) => {
      expect(s.url).toBe(`http://127.0.0.1:${port}/credentials`);
    });
    expect(stderr).toBe('');
  });

  test.each<[string, string[], number, RegExp]>([
    ['an unknown profile', ['--profile', 'nope'], 2, /^keyrack-cp: profile 'nope': /],
    ['a bad --listen', ['--profile', 'dev', '--listen', 'localhost:80'], 2, /^keyrack-cp: --listen 'localhost:80': is not an IP address and port\./],
    ['an unknown format', ['--profile', 'dev', '--format', 'process'], 2, /^keyrack-cp: usage: unknown format 'process'\. Use one of: env, env-no-export, powershell, windows-cmd, fish\.\n$/],
  ])('%s: exit %s before listening, nothing on stdout', async (_name, args, code, message) => {
    const box = loggedIn();
    const r = await box.run(cmd, ['serve', ...args]);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  test('a port already taken: exit 1 saying so', async () => {
    const holder = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => holder.once('listening', r));
    const port = (holder.address() as { port: number }).port;
    try {
      const r = await loggedIn().run(cmd, ['serve', '--profile', 'dev', '--listen', `127.0.0.1:${port}`]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`keyrack-cp: --listen 127.0.0.1:${port}: cannot listen there (EADDRINUSE). Another program holds that port: pick another, or port 0 for a free one.\n`);
    } finally {
      holder.close();
    }
  });

  test('--token-file: made (0600, 43 characters, no newline) when missing, then used as it is', async () => {
    const box = loggedIn();
    const file = join(box.home, 'serve.token');
    let first = '';
    await serving(box, cmd, ['--token-file', file], async (s) => {
      first = readFileSync(file, 'utf8');
      expect(first).toMatch(/^[\w-]{43}$/);
      expect(s.token).toBe(first);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect((await getCredentials(s.url, first)).status).toBe(200);
    });
    await serving(box, cmd, ['--token-file', file], async (s) => {
      expect(s.token).toBe(first);
      expect(readFileSync(file, 'utf8')).toBe(first);
    });
  });

  test('--token-file holding a token with a newline (what `openssl rand -base64 32 > FILE` writes): exit 2, the token not quoted', async () => {
    const box = loggedIn();
    const file = join(box.home, 'serve.token');
    const token = 'q5XGk0wB0oC8bH6V9sQ0l2b7D1wq8Yq3E+Yc/9bMGkI=';
    writeFileSync(file, `${token}\n`);
    const r = await box.run(cmd, ['serve', '--profile', 'dev', '--token-file', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^keyrack-cp: --token-file \S+serve\.token: ends with a line break, which botocore refuses in the header it sends \(it reads the file as it is\)\. Remove it and keyrack-cp serve --token-file \S+ writes a new one, or write 32 random bytes there: head -c 32 \/dev\/urandom \| base64 \| tr -d '\\n' > \S+\n$/);
    expect(r.stderr).not.toContain(token);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}
