// The emulator's STS GetCallerIdentity: the Query wire format both SDKs parse, SigV4 verified against the secret it
// issued (AWS's own signing example included), and the errors AWS sends for unknown, mismatched or expired credentials.

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { pythonExecutable } from '../helpers/python.ts';
import { runProcess } from '../helpers/sandbox.ts';
import { callerIdentityOf, startEmulator, type Emulator, type IssuedRoleCredentials } from './index.ts';
import { bearer, request } from './request.ts';
import { canonicalRequest, signature } from './sigv4.ts';

/** The emulator's clock runs `skewMs` ahead of the real one, so a test can age credentials or signatures. */
let skewMs = 0;
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator({ now: () => Date.now() + skewMs });
});
afterAll(() => emu.close());
beforeEach(() => {
  skewMs = 0;
  emu.reset();
});

/** Role credentials as a consumer gets them: a login, then GetRoleCredentials over the wire. */
async function roleCredentials(roleName = 'ReadOnly'): Promise<IssuedRoleCredentials> {
  const { accessToken } = emu.seedLogin();
  const reply = await request(emu.url, 'GET', `/federation/credentials?role_name=${roleName}&account_id=111122223333`, { headers: bearer(accessToken) });
  expect(reply.status).toBe(200);
  return emu.issued.roleCredentials.at(-1)!;
}

type Keys = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** Only the keys: the issued record's epoch-ms `expiration` is not the SDK's Date. */
function sts(creds: Keys, opts: { systemClockOffset?: number } = {}): STSClient {
  const { accessKeyId, secretAccessKey, sessionToken } = creds;
  return new STSClient({ region: 'us-east-1', endpoint: emu.url, credentials: { accessKeyId, secretAccessKey, sessionToken }, maxAttempts: 1, ...opts });
}

async function stsFailure(creds: Keys) {
  const client = sts(creds);
  try {
    await client.send(new GetCallerIdentityCommand({}));
  } catch (err) {
    const e = err as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  } finally {
    client.destroy();
  }
  throw new Error('expected GetCallerIdentity to fail');
}

describe('SigV4', () => {
  test("AWS's own signing example (IAM ListUsers, docs' secret key) gives AWS's signature", () => {
    const req = {
      method: 'GET',
      target: '/?Action=ListUsers&Version=2010-05-08',
      rawHeaders: ['Host', 'iam.amazonaws.com', 'Content-Type', 'application/x-www-form-urlencoded; charset=utf-8', 'X-Amz-Date', '20150830T123600Z'],
      body: '',
    };
    const canonical = canonicalRequest(req, ['content-type', 'host', 'x-amz-date']);
    expect(canonical).toBe([
      'GET', '/', 'Action=ListUsers&Version=2010-05-08',
      'content-type:application/x-www-form-urlencoded; charset=utf-8', 'host:iam.amazonaws.com', 'x-amz-date:20150830T123600Z', '',
      'content-type;host;x-amz-date', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    ].join('\n'));
    const scope = { date: '20150830', region: 'us-east-1', service: 'iam', terminator: 'aws4_request', signedHeaders: [] };
    expect(signature('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', scope, '20150830T123600Z', canonical))
      .toBe('5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7');
  });
});

describe('GetCallerIdentity with @aws-sdk/client-sts', () => {
  test('issued role credentials are the SSO role session: account, AWSReservedSSO role ARN, user id; logged with the key id', async () => {
    const creds = await roleCredentials('Admin');
    const client = sts(creds);
    const out = await client.send(new GetCallerIdentityCommand({}));
    client.destroy();
    const who = callerIdentityOf(creds);
    expect({ Account: out.Account, Arn: out.Arn, UserId: out.UserId }).toEqual({ Account: who.account, Arn: who.arn, UserId: who.userId });
    expect(who.arn).toMatch(/^arn:aws:sts::111122223333:assumed-role\/AWSReservedSSO_Admin_[0-9a-f]{16}\/emulator-user$/);
    expect(who.userId).toMatch(/^AROA[A-Z2-7]{17}:emulator-user$/);
    expect(emu.calls.at(-1)).toEqual({ operation: 'GetCallerIdentity', method: 'POST', path: '/', status: 200, at: expect.any(Number), accessKeyId: creds.accessKeyId });
  });

  test('the right key and token with the wrong secret: SignatureDoesNotMatch, 403', async () => {
    const creds = await roleCredentials();
    expect(await stsFailure({ ...creds, secretAccessKey: `${creds.secretAccessKey.slice(0, -1)}A` })).toEqual({
      name: 'SignatureDoesNotMatch', status: 403, message: expect.stringMatching(/^The request signature we calculated does not match/),
    });
  });

  test('an unknown key, the wrong session token or none: InvalidClientTokenId, 403', async () => {
    const creds = await roleCredentials();
    const invalid = { name: 'InvalidClientTokenId', status: 403, message: 'The security token included in the request is invalid.' };
    expect(await stsFailure({ ...creds, accessKeyId: 'ASIAEMUUNKNOWNUNKNOW' })).toEqual(invalid);
    const other = await roleCredentials();
    expect(await stsFailure({ ...creds, sessionToken: other.sessionToken })).toEqual(invalid);
    expect(await stsFailure({ accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey })).toEqual(invalid);
  });

  test('credentials past their expiration: ExpiredToken, 400; a signature 16 minutes off the clock: Signature expired', async () => {
    const creds = await roleCredentials();
    skewMs = creds.expiration - Date.now() + 1000; // the emulator now lives one second after they expired…
    // …but a signature more than 15 minutes from its clock is refused first, as AWS does: sign "in its time" instead.
    const signedNow = await stsFailure(creds);
    expect(signedNow).toMatchObject({ name: 'SignatureDoesNotMatch', status: 403, message: expect.stringMatching(/^Signature expired: \d{8}T\d{6}Z is now earlier than/) });
    const client = sts(creds, { systemClockOffset: skewMs });
    await expect(client.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'ExpiredToken', message: 'The security token included in the request is expired', $metadata: { httpStatusCode: 400 },
    });
    client.destroy();
  });

  test('an injected fault on GetCallerIdentity is an STS XML error the SDK names', async () => {
    const creds = await roleCredentials();
    emu.inject('GetCallerIdentity', { kind: 'error', status: 503, errorType: 'ServiceUnavailable' }, 1);
    expect(await stsFailure(creds)).toEqual({ name: 'ServiceUnavailable', status: 503, message: 'Injected fault' });
    expect(emu.calls.at(-1)).toMatchObject({ operation: 'GetCallerIdentity', status: 503, accessKeyId: creds.accessKeyId });
  });
});

describe('GetCallerIdentity on the wire', () => {
  test('unsigned: MissingAuthenticationToken, 403, as the Query protocol error document', async () => {
    const reply = await request(emu.url, 'POST', '/', {
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: 'Action=GetCallerIdentity&Version=2011-06-15',
    });
    expect(reply.status).toBe(403);
    expect(reply.headers['content-type']).toBe('text/xml');
    const requestId = reply.headers['x-amzn-requestid'];
    expect(reply.text).toBe('<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <Error>\n    <Type>Sender</Type>\n'
      + '    <Code>MissingAuthenticationToken</Code>\n    <Message>Request is missing Authentication Token</Message>\n  </Error>\n'
      + `  <RequestId>${String(requestId)}</RequestId>\n</ErrorResponse>\n`);
    expect(emu.calls).toEqual([{ operation: 'GetCallerIdentity', method: 'POST', path: '/', status: 403, at: expect.any(Number) }]);
  });

  test('another action: InvalidAction, logged as Unknown', async () => {
    const reply = await request(emu.url, 'POST', '/', {
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }, body: 'Action=AssumeRole&Version=2011-06-15',
    });
    expect(reply.status).toBe(400);
    expect(reply.text).toContain('<Code>InvalidAction</Code>');
    expect(reply.text).toContain('<Message>Could not find operation AssumeRole for version 2011-06-15</Message>');
    expect(emu.calls.map((c) => c.operation)).toEqual(['Unknown']);
  });
});

describe('GetCallerIdentity with botocore', () => {
  const script = join(import.meta.dirname, 'botocore_sts.py');
  const botocoreSts = (creds: { accessKeyId: string; secretAccessKey: string; sessionToken: string }) => runProcess([pythonExecutable(), script], [], {
    PATH: process.env.PATH,
    HOME: '/nonexistent',
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_STS: emu.url,
    AWS_ACCESS_KEY_ID: creds.accessKeyId,
    AWS_SECRET_ACCESS_KEY: creds.secretAccessKey,
    AWS_SESSION_TOKEN: creds.sessionToken,
  });

  test("botocore's signer is accepted and its parser reads the identity; a wrong secret is SignatureDoesNotMatch", async () => {
    const creds = await roleCredentials();
    const ok = await botocoreSts(creds);
    expect(ok.stderr).toBe('');
    const who = callerIdentityOf(creds);
    expect(JSON.parse(ok.stdout)).toEqual({ Account: who.account, Arn: who.arn, UserId: who.userId });

    const bad = await botocoreSts({ ...creds, secretAccessKey: 'not-the-secret-0000000000000000000000' });
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout)).toMatchObject({ code: 'SignatureDoesNotMatch', status: 403 });
  });
});
