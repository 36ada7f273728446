// Real consumers running keyrack-cp as their credential_process (botocore, the AWS CLI v1 and v2, the AWS SDK for
// JavaScript v3), each proving the credentials work with a signed STS call; and the caches shared both ways with the
// CLI v2 and the JS SDK: what `aws sso login` writes keyrack-cp reads, what keyrack-cp refreshes they use.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { awsTimestamp, callerIdentityOf, pythonJsonDumps, startEmulator, tokenCacheJson, type Emulator, type IssuedRoleCredentials, type TokenCacheJson } from '../emulator/index.ts';
import { awsCliV1, awsCliV2, awsDataPathFor } from '../helpers/awsCli.ts';
import { eventually, startDetached } from '../helpers/liveRun.ts';
import { playBrowser } from '../helpers/playBrowser.ts';
import { pythonExecutable } from '../helpers/python.ts';
import { ARTIFACTS, CONFIG, ROOT, Sandbox, START_URL, type RunResult } from '../helpers/sandbox.ts';
import { auditSandboxes } from '../helpers/audit.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';

const emu = useE2eEmulator();
/** Where the CLI v2 finds endpoint rules sending its SSO, SSO-OIDC and STS clients to `emu`. */
let dataPath: string;
beforeAll(async () => {
  dataPath = awsDataPathFor(emu.url);
});

const BOTOCORE = join(ROOT, 'test', 'e2e', 'botocore_consumer.py');
const JS_SDK = join(ROOT, 'test', 'e2e', 'sdk_consumer.mjs');
const TOKEN_KEYS = ['startUrl', 'region', 'accessToken', 'expiresAt', 'clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken'];

/** Quoted for both readers of a credential_process line: botocore's shlex.split and the JS SDK's /bin/sh. */
function commandLine(words: readonly string[]): string {
  return words.map((w) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'"'"'`)}'`)).join(' ');
}

/** CONFIG's `dev` (sso-session acme, ReadOnly), `admin` on the same session, and `app`, which runs keyrack-cp for dev. */
function configFor(cmd: readonly string[]): string {
  return `${CONFIG}
[profile admin]
sso_session = acme
sso_account_id = 111122223333
sso_role_name = Admin

[profile app]
credential_process = ${commandLine([...cmd, '--profile', 'dev'])}
region = us-east-1
`;
}

/** A signed-in user on `emu` whose token has `minutesLeft` to live, with nothing else cached. */
function loggedIn(cmd: readonly string[], minutesLeft = 60): Sandbox {
  emu.reset();
  const seed = emu.seedLogin({ startUrl: START_URL, accessTokenTtlSeconds: minutesLeft * 60 });
  const box = new Sandbox(emu.url, configFor(cmd));
  box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
  return box;
}

/** What every consumer gets on top of the sandbox's clean environment: STS at the emulator, no instance metadata. */
const CONSUMER_ENV = () => ({ AWS_ENDPOINT_URL_STS: emu.url, AWS_EC2_METADATA_DISABLED: 'true' });
/** The CLI v2 also gets its endpoint rules, and no pager. */
const CLI_V2_ENV = () => ({ ...CONSUMER_ENV(), AWS_DATA_PATH: dataPath, AWS_PAGER: '' });

function succeeded(r: RunResult): string {
  expect(r.code, `exit ${String(r.code)}; stderr:\n${r.stderr}`).toBe(0);
  return r.stdout;
}

/** The one set of role credentials the emulator issued: every invocation of keyrack-cp served these. */
function issuedOnce(): IssuedRoleCredentials {
  expect(emu.count('GetRoleCredentials')).toBe(1);
  return emu.issued.roleCredentials[0]!;
}

/** STS saw exactly one call, signed with `issued`, and answered with the identity those credentials have. */
function expectCallerIs(identity: Record<string, unknown>, issued: IssuedRoleCredentials): void {
  const who = callerIdentityOf(issued);
  expect(identity).toEqual({ Account: who.account, Arn: who.arn, UserId: who.userId });
  expect(who.arn).toMatch(/^arn:aws:sts::111122223333:assumed-role\/AWSReservedSSO_ReadOnly_[0-9a-f]{16}\/emulator-user$/);
  expect(emu.calls.filter((c) => c.operation === 'GetCallerIdentity').map((c) => [c.status, c.accessKeyId])).toEqual([[200, issued.accessKeyId]]);
}

const sameInstant = (a: string, b: string) => expect(Date.parse(a)).toBe(Date.parse(b));

describe.each(ARTIFACTS)('%s as the credential_process', (_name, cmd) => {
  test('botocore: Session(profile="app").get_credentials() and an STS call signed with them', async () => {
    const box = loggedIn(cmd);
    const r = await box.run([pythonExecutable(), BOTOCORE], ['sts', 'app'], CONSUMER_ENV());
    const out = JSON.parse(succeeded(r));
    expect(r.stderr).toBe('');
    const issued = issuedOnce();
    expect(out.credentials).toEqual({ access_key: issued.accessKeyId, secret_key: issued.secretAccessKey, token: issued.sessionToken });
    expectCallerIs(out.identity, issued);
  });

  test('AWS CLI v1: aws sts get-caller-identity --profile app', async () => {
    const cli = awsCliV1();
    const box = loggedIn(cmd);
    const out = JSON.parse(succeeded(await box.run([cli.path], ['sts', 'get-caller-identity', '--profile', 'app', '--output', 'json'], CONSUMER_ENV())));
    expectCallerIs(out, issuedOnce());
  });

  test('AWS CLI v2: configure export-credentials prints what keyrack-cp serves; sts get-caller-identity works with it', async () => {
    const cli = awsCliV2();
    const box = loggedIn(cmd);
    const exported = JSON.parse(succeeded(await box.run([cli.path], ['configure', 'export-credentials', '--profile', 'app'], CLI_V2_ENV())));
    const issued = issuedOnce();
    const direct = JSON.parse(succeeded(await box.run(cmd, ['--profile', 'dev'])));
    expect(direct).toEqual({
      Version: 1, AccessKeyId: issued.accessKeyId, SecretAccessKey: issued.secretAccessKey, SessionToken: issued.sessionToken,
      Expiration: awsTimestamp(new Date(issued.expiration)), AccountId: '111122223333',
    });
    const { Expiration, ...keys } = exported;
    expect(keys).toEqual({ Version: 1, AccessKeyId: direct.AccessKeyId, SecretAccessKey: direct.SecretAccessKey, SessionToken: direct.SessionToken });
    sameInstant(Expiration, direct.Expiration);

    const identity = JSON.parse(succeeded(await box.run([cli.path], ['sts', 'get-caller-identity', '--profile', 'app', '--output', 'json'], CLI_V2_ENV())));
    expectCallerIs(identity, issuedOnce());
  });

  test("AWS SDK for JavaScript v3: fromIni({ profile: 'app' })() and an STSClient using it", async () => {
    const box = loggedIn(cmd);
    // The SDK's Node 20 end-of-support notice would be the only thing on stderr; it is about this Node, not us.
    const r = await box.run([process.execPath, JS_SDK], ['app'], { ...CONSUMER_ENV(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
    const out = JSON.parse(succeeded(r));
    expect(r.stderr).toBe('');
    const issued = issuedOnce();
    expect(out.credentials).toEqual({
      accessKeyId: issued.accessKeyId, secretAccessKey: issued.secretAccessKey, sessionToken: issued.sessionToken,
      expiration: new Date(awsTimestamp(new Date(issued.expiration))).toISOString(), accountId: '111122223333',
    });
    expectCallerIs(out.identity, issued);
  });
});

describe.each(ARTIFACTS)('%s failing inside a consumer', (_name, cmd) => {
  test("login needed: each consumer passes on keyrack-cp's one paragraph, with the command to run, and nothing was called", async () => {
    emu.reset();
    const box = new Sandbox(emu.url, configFor(cmd)); // no token: never logged in
    const remedy = "keyrack-cp: sso-session 'acme': is not logged in (there is no cached SSO token). Run: keyrack-cp login --sso-session acme";
    const failed = (r: RunResult) => {
      expect(r.code, r.stdout + r.stderr).not.toBe(0);
      return r;
    };

    const boto = JSON.parse(failed(await box.run([pythonExecutable(), BOTOCORE], ['sts', 'app'], CONSUMER_ENV())).stdout);
    expect(boto).toEqual({ error: 'CredentialRetrievalError', message: `Error when retrieving credentials from custom-process: ${remedy}\n` });
    const js = JSON.parse(failed(await box.run([process.execPath, JS_SDK], ['app'], { ...CONSUMER_ENV(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' })).stdout);
    expect(js).toEqual({ error: 'CredentialsProviderError', message: `Command failed: ${commandLine([...cmd, '--profile', 'dev'])}\n${remedy}\n` });
    const v1 = failed(await box.run([awsCliV1().path], ['sts', 'get-caller-identity', '--profile', 'app'], CONSUMER_ENV()));
    expect(v1.stderr).toContain(`Error when retrieving credentials from custom-process: ${remedy}\n`);
    const v2 = failed(await box.run([awsCliV2().path], ['sts', 'get-caller-identity', '--profile', 'app'], CLI_V2_ENV()));
    expect(v2.stderr).toContain(`Error when retrieving credentials from custom-process: ${remedy}\n`);
    expect(emu.calls).toEqual([]);
  });
});

describe.each(ARTIFACTS)('%s sharing the token cache with the AWS SDK for JavaScript v3', (_name, cmd) => {
  const jsSdk = (box: Sandbox, profile: string) =>
    box.run([process.execPath, JS_SDK], [profile], { ...CONSUMER_ENV(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });

  test("fromIni on the sso-session profile uses the token keyrack-cp refreshed, with no refresh of its own", async () => {
    const box = loggedIn(cmd, 4); // inside the JS SDK's 5-minute window too: it would refresh if it had to
    succeeded(await box.run(cmd, ['--profile', 'dev']));
    expect(emu.count('CreateToken', { grantType: 'refresh_token' })).toBe(1);
    const ours = box.readToken();
    const out = JSON.parse(succeeded(await jsSdk(box, 'dev')));
    expect(emu.count('CreateToken')).toBe(1);
    const [, ...its] = emu.issued.roleCredentials;
    expect(its.length).toBeGreaterThan(0);
    for (const c of its) expect(c.accessToken).toBe(ours.accessToken);
    expect(out.credentials.accessKeyId).toBe(its[0]!.accessKeyId);
    expect(out.identity.Account).toBe('111122223333');
  });

  test("keyrack-cp uses a token the JS SDK refreshed and wrote its own way (indented JSON, milliseconds)", async () => {
    const box = loggedIn(cmd, 4);
    succeeded(await jsSdk(box, 'dev'));
    expect(emu.count('CreateToken', { grantType: 'refresh_token' })).toBe(1);
    const raw = readFileSync(box.tokenPath(), 'utf8');
    const theirs = JSON.parse(raw) as TokenCacheJson;
    expect(raw).toContain('\n  "accessToken": '); // JSON.stringify(token, null, 2): not the CLI's format
    expect(theirs.expiresAt).toMatch(/\.\d{3}Z$/);
    expect(theirs.accessToken).toBe(emu.issued.tokens.at(-1)!.accessToken);

    const fetchedByJs = emu.count('GetRoleCredentials');
    const doc = JSON.parse(succeeded(await box.run(cmd, ['--profile', 'dev'])));
    expect(emu.count('CreateToken')).toBe(1);
    expect(emu.count('GetRoleCredentials')).toBe(fetchedByJs + 1);
    expect(emu.issued.roleCredentials.at(-1)).toMatchObject({ accessToken: theirs.accessToken, accessKeyId: doc.AccessKeyId });
    expect(readFileSync(box.tokenPath(), 'utf8')).toBe(raw);
  });
});

describe.each(ARTIFACTS)('%s sharing the token cache with the AWS CLI v2', (_name, cmd) => {
  test('the CLI v2 resolves sso-session profiles itself from the token keyrack-cp refreshed, and from its role-credential cache', async () => {
    const cli = awsCliV2();
    const box = loggedIn(cmd, 5);
    succeeded(await box.run(cmd, ['--profile', 'dev']));
    expect(emu.count('CreateToken', { grantType: 'refresh_token' })).toBe(1);
    const refreshed = box.readToken();

    // Another role of the same session: the CLI needs the session's token for it and has only ours.
    const admin = JSON.parse(succeeded(await box.run([cli.path], ['configure', 'export-credentials', '--profile', 'admin'], CLI_V2_ENV())));
    expect(emu.count('CreateToken')).toBe(1); // the CLI found our token fresh and used it as it was
    const [ours, its] = emu.issued.roleCredentials;
    expect(its).toMatchObject({ roleName: 'Admin', accessToken: refreshed.accessToken });
    expect(admin).toMatchObject({ AccessKeyId: its!.accessKeyId, SecretAccessKey: its!.secretAccessKey, SessionToken: its!.sessionToken });

    // The role keyrack-cp already fetched: the CLI takes keyrack-cp's ~/.aws/cli/cache entry and calls nothing.
    const dev = JSON.parse(succeeded(await box.run([cli.path], ['configure', 'export-credentials', '--profile', 'dev'], CLI_V2_ENV())));
    expect(dev).toMatchObject({ AccessKeyId: ours!.accessKeyId, SecretAccessKey: ours!.secretAccessKey, SessionToken: ours!.sessionToken });
    expect(emu.count('GetRoleCredentials')).toBe(2);
  });

  test('`aws sso logout` ends the session keyrack-cp used and clears its role-credential cache: keyrack-cp then asks for a login', async () => {
    const cli = awsCliV2();
    const box = loggedIn(cmd);
    succeeded(await box.run(cmd, ['--profile', 'dev']));
    const cached = readdirSync(join(box.home, '.aws', 'cli', 'cache')).filter((f) => f.endsWith('.json'));
    expect(cached).toHaveLength(1);

    succeeded(await box.run([cli.path], ['sso', 'logout'], CLI_V2_ENV()));
    expect(emu.calls.filter((c) => c.operation === 'Logout').map((c) => c.status)).toEqual([200]);
    expect(existsSync(box.tokenPath())).toBe(false);
    expect(readdirSync(join(box.home, '.aws', 'cli', 'cache')).filter((f) => f.endsWith('.json'))).toEqual([]);

    const r = await box.run(cmd, ['--profile', 'dev']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("keyrack-cp: sso-session 'acme': is not logged in (there is no cached SSO token). Run: keyrack-cp login --sso-session acme\n");
    expect(emu.count('GetRoleCredentials')).toBe(1);
  });

  test('keyrack-cp uses the token `aws sso login` wrote as it is: no refresh, the file untouched', async () => {
    await withLoginEmulator({}, async (on) => {
      const box = new Sandbox(on.url, configFor(cmd));
      const written = await awsSsoLogin(box, on);
      const r = await box.run(cmd, ['--profile', 'dev']);
      const doc = JSON.parse(succeeded(r));
      expect(r.stderr).toBe('');
      expect(on.issued.roleCredentials).toHaveLength(1);
      const issued = on.issued.roleCredentials[0]!;
      expect(issued.accessToken).toBe(written.token.accessToken);
      expect(doc.AccessKeyId).toBe(issued.accessKeyId);
      expect(on.count('CreateToken', { grantType: 'refresh_token' })).toBe(0);
      expect(readFileSync(box.tokenPath(), 'utf8')).toBe(written.raw);
    });
  });

  test("keyrack-cp refreshes a token `aws sso login` wrote, with the CLI's client registration, in the CLI's format", async () => {
    // Ten-minute tokens: the CLI's login lands inside keyrack-cp's 15-minute refresh window at once.
    await withLoginEmulator({ accessTokenTtlSeconds: 600 }, async (on) => {
      const box = new Sandbox(on.url, configFor(cmd));
      const written = await awsSsoLogin(box, on);
      const r = await box.run(cmd, ['--profile', 'dev']);
      succeeded(r);
      expect(r.stderr).toBe('');
      expect(on.count('CreateToken', { grantType: 'refresh_token' })).toBe(1);
      const refresh = on.issued.tokens.at(-1)!;
      expect(refresh).toMatchObject({ grantType: 'refresh_token', clientId: written.token.clientId });

      const raw = readFileSync(box.tokenPath(), 'utf8');
      const after = JSON.parse(raw) as TokenCacheJson;
      expect(Object.keys(after)).toEqual(TOKEN_KEYS);
      expect(raw).toBe(pythonJsonDumps(after)); // still one json.dumps line, as the CLI wrote it
      expect(after).toEqual({ ...written.token, accessToken: refresh.accessToken, expiresAt: after.expiresAt, refreshToken: refresh.refreshToken });
      // Both clocks are this machine's: the new expiry is the refresh's, to the second either side.
      expect(Math.abs(Date.parse(after.expiresAt) - refresh.expiresAt.getTime())).toBeLessThanOrEqual(2000);
      expect(statSync(box.tokenPath()).mode & 0o777).toBe(0o600);
      expect(on.issued.roleCredentials).toEqual([expect.objectContaining({ accessToken: refresh.accessToken })]);
    });
  });
});

// Once, on the single executable: the login code is the same in both artifacts, and keyrack-cp polls the device flow
// at its 5-second default here (the emulator's interval is 0 for the CLI's sake), the slowest step in this file.
describe('keyrack-cp login and the AWS CLI v2 sharing a client registration', () => {
  test('`keyrack-cp login` on the device flow reuses the client registration `aws sso login` cached', async () => {
    const [, cmd] = ARTIFACTS[0]!;
    await withLoginEmulator({}, async (on) => {
      const box = new Sandbox(on.url, configFor(cmd));
      const cliLogin = await awsSsoLogin(box, on);
      expect(on.count('RegisterClient')).toBe(1);

      const login = startDetached(cmd, ['login', '--sso-session', 'acme', '--use-device-code', '--force'], box.env(), box);
      const [, url] = await login.waitFor(/open this URL on any device:\n\n {2}(http:\/\/\S+\/device\?user_code=[A-Z]{4}-[A-Z]{4})\n/);
      await playBrowser(url!);
      succeeded(await login.done);
      expect(on.count('RegisterClient')).toBe(1);
      const token = box.readToken();
      expect(token).toMatchObject({ clientId: cliLogin.token.clientId, clientSecret: cliLogin.token.clientSecret, registrationExpiresAt: cliLogin.token.registrationExpiresAt });
      expect(token.accessToken).not.toBe(cliLogin.token.accessToken);
      expect(on.issued.tokens.at(-1)).toMatchObject({ accessToken: token.accessToken, clientId: cliLogin.token.clientId });
    });
  });

  test('`aws sso login` reuses the registration of `keyrack-cp login --use-device-code` (the README\'s advice for old CLIs)', async () => {
    const [, cmd] = ARTIFACTS[0]!;
    await withLoginEmulator({}, async (on) => {
      const box = new Sandbox(on.url, configFor(cmd));
      const login = startDetached(cmd, ['login', '--sso-session', 'acme', '--use-device-code'], box.env(), box);
      const [, url] = await login.waitFor(/open this URL on any device:\n\n {2}(http:\/\/\S+\/device\?user_code=[A-Z]{4}-[A-Z]{4})\n/);
      await playBrowser(url!);
      succeeded(await login.done);
      const ours = box.readToken();
      expect(on.count('RegisterClient')).toBe(1);

      const cliLogin = await awsSsoLogin(box, on);
      expect(on.count('RegisterClient')).toBe(1);
      expect(cliLogin.token).toMatchObject({ clientId: ours.clientId, clientSecret: ours.clientSecret });
    });
  });

  test('after a browser sign-in, an AWS CLI v2 before 2.22 reuses that registration for its device flow and is refused (the README\'s caveat)', async () => {
    const [, cmd] = ARTIFACTS[0]!;
    await withLoginEmulator({}, async (on) => {
      const box = new Sandbox(on.url, configFor(cmd));
      const browser = { BROWSER: join(ROOT, 'test', 'helpers', 'fakeBrowser.mjs'), FAKE_BROWSER_LOG: join(box.home, 'browser.log') };
      succeeded(await startDetached(cmd, ['login', '--sso-session', 'acme'], box.env(browser), box).done);
      expect(on.count('Authorize')).toBe(1);

      const cli = awsCliV2();
      box.skipModeAudit = true; // the CLI's own directory modes
      const r = await startDetached([cli.path], ['sso', 'login', '--no-browser', '--sso-session', 'acme'],
        box.env({ AWS_DATA_PATH: awsDataPathFor(on.url), AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true' }), box).done;
      const [major, minor] = /aws-cli\/(\d+)\.(\d+)/.exec(cli.version)!.slice(1).map(Number) as [number, number];
      if (major === 2 && minor < 22) {
        expect(r.code).not.toBe(0);
        expect(r.stderr).toMatch(/UnauthorizedClientException/);
        expect(on.count('RegisterClient')).toBe(1); // it tried with keyrack-cp's authorization-code registration
      } else {
        // A current CLI re-registers for the device flow; then the caveat no longer applies to this machine's CLI.
        expect(on.count('RegisterClient')).toBe(2);
      }
    });
  });

});

/**
 * An emulator of its own for a test that runs `aws sso login`, audited and closed after it. Its device-code interval
 * is zero: the CLI v2 polls CreateToken twice back to back before it first sleeps, the emulator answers the second
 * with slow_down (RFC 8628), and the CLI would then wait 1 + 5 s to poll again.
 */
async function withLoginEmulator(opts: { accessTokenTtlSeconds?: number }, body: (on: Emulator) => Promise<void>): Promise<void> {
  const on = await startEmulator({ ...opts, deviceIntervalSeconds: 0 });
  try {
    await body(on);
    auditSandboxes(on);
  } finally {
    await on.close();
  }
}

/**
 * The real `aws sso login --no-browser` (the CLI v2's device flow) against `on`, the test playing the user's browser
 * at the URL the CLI printed. Returns the token file exactly as the CLI left it.
 */
async function awsSsoLogin(box: Sandbox, on: Emulator): Promise<{ raw: string; token: TokenCacheJson }> {
  const cli = awsCliV2();
  // The CLI makes ~/.aws/sso/cache 0755 (os.makedirs): its choice, not something keyrack-cp wrote.
  box.skipModeAudit = true;
  const login = startDetached([cli.path], ['sso', 'login', '--no-browser', '--sso-session', 'acme'],
    box.env({ AWS_DATA_PATH: awsDataPathFor(on.url), AWS_PAGER: '', AWS_EC2_METADATA_DISABLED: 'true' }), box);
  const url = await eventually(() => /http:\/\/127\.0\.0\.1:\d+\/device\?user_code=[A-Z]{4}-[A-Z]{4}/.exec(login.stdout())?.[0], 30_000)
    .catch(async (err: unknown) => {
      const r = await Promise.race([login.done, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 100))]);
      throw new Error(`aws sso login printed no device URL (${String(err)}); stdout:\n${login.stdout()}\nstderr:\n${login.stderr()}${r ? `\nexit ${String(r.code)}` : ''}`);
    });
  const visits = await playBrowser(url);
  expect(visits.map((v) => [v.path, v.status])).toEqual([['/device', 200]]);
  const r = await login.done;
  expect(succeeded(r)).toContain(`Successfully logged into Start URL: ${START_URL}`);

  const raw = readFileSync(box.tokenPath(), 'utf8');
  const token = JSON.parse(raw) as TokenCacheJson;
  // What the CLI wrote is the fixture: check it is the §3.2 file and the emulator's device-code tokens.
  expect(Object.keys(token)).toEqual(TOKEN_KEYS);
  expect(token).toMatchObject({ startUrl: START_URL, region: 'us-east-1' });
  expect(on.issued.tokens.at(-1)).toMatchObject({
    grantType: 'urn:ietf:params:oauth:grant-type:device_code', accessToken: token.accessToken, refreshToken: token.refreshToken, clientId: token.clientId,
  });
  return { raw, token };
}
