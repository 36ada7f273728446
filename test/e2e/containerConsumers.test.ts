// Real consumers given credentials by keyrack-cp without running it themselves: botocore, the AWS CLI v1 and v2 and
// the AWS SDK for JavaScript v3, through `serve` (AWS_CONTAINER_CREDENTIALS_FULL_URI), `exec --server` and plain
// `exec` (environment keys), each proving the credentials work with an STS call the emulator verifies; and a
// long-running botocore program that gets new credentials across a rotation without a restart.

import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { awsTimestamp, callerIdentityOf, startEmulator, tokenCacheJson, type Emulator, type IssuedRoleCredentials } from '../emulator/index.ts';
import { auditSandboxes } from '../helpers/audit.ts';
import { awsCliV1, awsCliV2, awsDataPathFor } from '../helpers/awsCli.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';
import { pythonExecutable } from '../helpers/python.ts';
import { ARTIFACTS, ROOT, Sandbox, START_URL, type RunResult } from '../helpers/sandbox.ts';
import { startServe, type Serving } from '../helpers/serveRun.ts';

const emu = useE2eEmulator();
let dataPath: string;
beforeAll(() => {
  dataPath = awsDataPathFor(emu.url);
});

const BOTOCORE = [pythonExecutable(), join(ROOT, 'test', 'e2e', 'botocore_consumer.py')];
const JS_SDK = [process.execPath, join(ROOT, 'test', 'e2e', 'sdk_consumer.mjs')];

function loggedIn(on: Emulator = emu): Sandbox {
  const seed = on.seedLogin({ startUrl: START_URL });
  const box = new Sandbox(on.url);
  box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
  return box;
}

/**
 * What every consumer gets besides what keyrack-cp gives it: STS at the emulator, no instance metadata, no Node
 * version notice. No profile, and the sandbox's config has no [default]: the consumer's chain finds only keyrack-cp.
 */
const CONSUMER_ENV = () => ({ AWS_ENDPOINT_URL_STS: emu.url, AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
/** The CLI v2 (2.9.19) predates AWS_ENDPOINT_URL_STS: endpoint rules from AWS_DATA_PATH send its STS client to the emulator. */
const CLI_V2_ENV = () => ({ ...CONSUMER_ENV(), AWS_DATA_PATH: dataPath, AWS_PAGER: '' });

type Consumer = readonly [name: string, command: () => string[], env: () => NodeJS.ProcessEnv, read: (stdout: string) => { identity: Record<string, unknown>; source?: string }];

const CONSUMERS: readonly Consumer[] = [
  ['botocore', () => [...BOTOCORE, 'chain'], CONSUMER_ENV, (out) => {
    const r = JSON.parse(out) as { method: string; identity: Record<string, unknown> };
    return { identity: r.identity, source: r.method };
  }],
  ['AWS CLI v1', () => [awsCliV1().path, 'sts', 'get-caller-identity', '--output', 'json'], CONSUMER_ENV, (out) => ({ identity: JSON.parse(out) as Record<string, unknown> })],
  ['AWS CLI v2', () => [awsCliV2().path, 'sts', 'get-caller-identity', '--output', 'json'], CLI_V2_ENV, (out) => ({ identity: JSON.parse(out) as Record<string, unknown> })],
  ['AWS SDK for JavaScript v3', () => [...JS_SDK, '--chain'], CONSUMER_ENV, (out) => {
    const r = JSON.parse(out) as { source: string[]; identity: Record<string, unknown> };
    return { identity: r.identity, source: r.source.join(',') };
  }],
];

/** The provider each consumer names (botocore's method, the JS SDK's feature mark) for each way keyrack-cp gives them. */
const EXPECTED_SOURCE: Record<string, Record<'endpoint' | 'environment', string>> = {
  botocore: { endpoint: 'container-role', environment: 'env' },
  'AWS SDK for JavaScript v3': { endpoint: 'CREDENTIALS_HTTP', environment: 'CREDENTIALS_ENV_VARS' },
};

function succeeded(r: RunResult): string {
  expect(r.code, `exit ${String(r.code)}; stdout:\n${r.stdout}\nstderr:\n${r.stderr}`).toBe(0);
  return r.stdout;
}

/** The consumer's identity is the one the credentials keyrack-cp got are for, and STS saw them, signed correctly. */
function expectCaller(on: Emulator, identity: Record<string, unknown>): IssuedRoleCredentials {
  expect(on.count('GetRoleCredentials')).toBe(1);
  const issued = on.issued.roleCredentials[0]!;
  const who = callerIdentityOf(issued);
  expect(identity).toEqual({ Account: who.account, Arn: who.arn, UserId: who.userId });
  const sts = on.calls.filter((c) => c.operation === 'GetCallerIdentity');
  expect(sts.length).toBeGreaterThan(0);
  expect(sts.map((c) => [c.status, c.accessKeyId])).toEqual(sts.map(() => [200, issued.accessKeyId]));
  return issued;
}

describe.each(ARTIFACTS)('%s serving real consumers', (_name, cmd) => {
  describe.each(CONSUMERS)('%s', (name, command, env, read) => {
    test('through keyrack-cp serve (AWS_CONTAINER_CREDENTIALS_FULL_URI and the token)', async () => {
      const box = loggedIn();
      const s = await startServe(box, cmd, ['--profile', 'dev', '--format', 'env-no-export']);
      try {
        const [file, ...args] = command();
        const given = { AWS_CONTAINER_CREDENTIALS_FULL_URI: s.url, AWS_CONTAINER_AUTHORIZATION_TOKEN: s.token, AWS_DEFAULT_REGION: 'us-east-1', AWS_REGION: 'us-east-1' };
        const out = read(succeeded(await box.run([file!], args, { ...env(), ...given })));
        expectCaller(emu, out.identity);
        if (EXPECTED_SOURCE[name]) expect(out.source).toBe(EXPECTED_SOURCE[name].endpoint);
      } finally {
        expect((await s.stop('SIGTERM')).code).toBe(0);
      }
    });

    test('through keyrack-cp exec --server', async () => {
      const box = loggedIn();
      const out = read(succeeded(await box.run(cmd, ['exec', '--profile', 'dev', '--server', '--', ...command()], env())));
      expectCaller(emu, out.identity);
      if (EXPECTED_SOURCE[name]) expect(out.source).toBe(EXPECTED_SOURCE[name].endpoint);
    });

    test('through keyrack-cp exec (environment keys)', async () => {
      const box = loggedIn();
      // A profile in the caller's environment, as users have one: exec takes it as the profile and hides it from COMMAND.
      const out = read(succeeded(await box.run(cmd, ['exec', '--', ...command()], { ...env(), AWS_PROFILE: 'dev' })));
      expectCaller(emu, out.identity);
      if (EXPECTED_SOURCE[name]) expect(out.source).toBe(EXPECTED_SOURCE[name].environment);
    });
  });

  test('the JS SDK shows the one paragraph a failure is answered with (fromHttp puts it on its error for a 4xx)', async () => {
    const box = new Sandbox(emu.url); // never signed in
    const s = await startServe(box, cmd, ['--profile', 'dev', '--format', 'env-no-export']);
    try {
      const r = await box.run([...JS_SDK], ['--fromHttp-error'], { ...CONSUMER_ENV(), AWS_CONTAINER_CREDENTIALS_FULL_URI: s.url, AWS_CONTAINER_AUTHORIZATION_TOKEN: s.token });
      expect(JSON.parse(succeeded(r))).toEqual({
        message: 'Server responded with status: 403',
        code: 'LoginNeeded',
        text: "keyrack-cp: sso-session 'acme': is not logged in (there is no cached SSO token). Run: keyrack-cp login --sso-session acme",
      });
    } finally {
      await s.stop('SIGTERM');
    }
  });

  test('botocore shows it too, in its own error', async () => {
    const box = new Sandbox(emu.url);
    const s = await startServe(box, cmd, ['--profile', 'dev', '--format', 'env-no-export']);
    try {
      const r = await box.run([...BOTOCORE], ['chain'], { ...CONSUMER_ENV(), AWS_CONTAINER_CREDENTIALS_FULL_URI: s.url, AWS_CONTAINER_AUTHORIZATION_TOKEN: s.token, AWS_DEFAULT_REGION: 'us-east-1' });
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout)).toEqual({
        error: 'CredentialRetrievalError',
        message:
          'Error when retrieving credentials from container-role: Error retrieving metadata: Received non 200 response 403 from container metadata: ' +
          `{"Code":"LoginNeeded","Message":"keyrack-cp: sso-session 'acme': is not logged in (there is no cached SSO token). Run: keyrack-cp login --sso-session acme"}`,
      });
    } finally {
      await s.stop('SIGTERM');
    }
  }, 20_000);
});

/**
 * Role credentials that live 15 minutes and 3 seconds: botocore holds a set until 15 minutes before it expires, so a
 * program that runs for 3 seconds already needs the next set, which keyrack-cp must then fetch (the cache no longer
 * serves the first) and serve.
 */
describe.each(ARTIFACTS)('%s across a credential rotation', (_name, cmd) => {
  const ROTATING_TTL_SECONDS = 15 * 60 + 3;

  async function withRotatingEmulator(body: (on: Emulator) => Promise<void>): Promise<void> {
    const on = await startEmulator({ roleCredentialTtlSeconds: ROTATING_TTL_SECONDS });
    try {
      await body(on);
      auditSandboxes(on);
    } finally {
      await on.close();
    }
  }

  /** botocore signed with two sets one after the other, both issued by the emulator and both accepted by STS. */
  function expectRotated(on: Emulator, out: { method: string; keys: string[]; calls: number }): void {
    expect(out.method).toBe('container-role');
    expect(out.keys).toEqual(on.issued.roleCredentials.slice(0, 2).map((c) => c.accessKeyId));
    const sts = on.calls.filter((c) => c.operation === 'GetCallerIdentity');
    expect(sts.every((c) => c.status === 200)).toBe(true);
    expect(new Set(sts.map((c) => c.accessKeyId))).toEqual(new Set(out.keys));
    expect(out.calls).toBeGreaterThan(2);
  }

  test('a long-running botocore program through serve gets the new credentials without a restart', async () => {
    await withRotatingEmulator(async (on) => {
      const box = loggedIn(on);
      const s: Serving = await startServe(box, cmd, ['--profile', 'dev', '--format', 'env-no-export']);
      try {
        const r = await box.run([...BOTOCORE], ['watch', '2', '20'], {
          AWS_ENDPOINT_URL_STS: on.url, AWS_EC2_METADATA_DISABLED: 'true', AWS_DEFAULT_REGION: 'us-east-1',
          AWS_CONTAINER_CREDENTIALS_FULL_URI: s.url, AWS_CONTAINER_AUTHORIZATION_TOKEN: s.token,
        });
        expectRotated(on, JSON.parse(succeeded(r)) as { method: string; keys: string[]; calls: number });
        const expiries = on.issued.roleCredentials.slice(0, 2).map((c) => awsTimestamp(new Date(c.expiration)));
        expect(expiries[1]! > expiries[0]!).toBe(true);
      } finally {
        expect((await s.stop('SIGTERM')).code).toBe(0);
      }
    });
  }, 40_000);

  test('... and through exec --server', async () => {
    await withRotatingEmulator(async (on) => {
      const box = loggedIn(on);
      const r = await box.run(cmd, ['exec', '--profile', 'dev', '--server', '--', ...BOTOCORE, 'watch', '2', '20'], { AWS_ENDPOINT_URL_STS: on.url, AWS_EC2_METADATA_DISABLED: 'true' });
      expectRotated(on, JSON.parse(succeeded(r)) as { method: string; keys: string[]; calls: number });
    });
  }, 40_000);
});
