// botocore, a real consumer installed on every machine here, reading what keyrack-cp writes and prints.

import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tokenCacheJson } from '../emulator/index.ts';
import { pythonExecutable } from '../helpers/python.ts';
import { ARTIFACTS, CONFIG, ROOT, runProcess, Sandbox, START_URL } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';

const emu = useE2eEmulator();

const consumer = join(ROOT, 'test', 'e2e', 'botocore_consumer.py');

async function botocore(box: Sandbox, mode: 'token' | 'credentials', profile: string) {
  const r = await runProcess([pythonExecutable(), consumer], [mode, profile], box.env());
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

describe.each(ARTIFACTS)('%s', (_name, cmd) => {
  test("botocore's token loader and its SSO credential provider use the token keyrack-cp refreshed", async () => {
    emu.reset();
    const seed = emu.seedLogin({ startUrl: START_URL, accessTokenTtlSeconds: 5 * 60 });
    const box = new Sandbox(emu.url);
    box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
    const r = await box.run(cmd, ['--profile', 'dev']);
    expect(r.code).toBe(0);
    expect(emu.count('CreateToken', { grantType: 'refresh_token' })).toBe(1);

    const written = box.readToken();
    const seen = await botocore(box, 'token', 'dev');
    expect(seen.token).toBe(written.accessToken);
    expect(new Date(seen.expiration).toISOString().replace('.000Z', 'Z')).toBe(written.expiresAt);
    expect(emu.count('CreateToken')).toBe(1); // botocore found it fresh: no refresh of its own

    // The SSO provider (what boto3 apps use for an sso-session profile) fetches role credentials with that token.
    const creds = await botocore(box, 'credentials', 'dev');
    expect(emu.count('CreateToken')).toBe(1);
    const fetched = emu.issued.roleCredentials.at(-1)!;
    expect(emu.issued.roleCredentials).toHaveLength(2); // keyrack-cp's, then botocore's own
    expect(fetched.accessToken).toBe(written.accessToken);
    expect(creds).toEqual({ access_key: fetched.accessKeyId, secret_key: fetched.secretAccessKey, token: fetched.sessionToken });
  });

  test('botocore runs keyrack-cp as its credential_process and gets the credentials', async () => {
    emu.reset();
    const seed = emu.seedLogin({ startUrl: START_URL });
    const known = { accessKeyId: 'ASIAKNOWNKNOWNKNOWN1', secretAccessKey: 'known-secret-access-key-0123456789', sessionToken: 'known-session-token-0123456789', expiration: Date.now() + 3_600_000 };
    emu.inject('GetRoleCredentials', { kind: 'json', body: { roleCredentials: known } }, 1);
    const box = new Sandbox(emu.url, `${CONFIG}\n[profile app]\ncredential_process = ${cmd.join(' ')} --profile dev\nregion = eu-west-1\n`);
    box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
    const creds = await botocore(box, 'credentials', 'app');
    expect(creds).toEqual({ access_key: known.accessKeyId, secret_key: known.secretAccessKey, token: known.sessionToken });
  });
});
