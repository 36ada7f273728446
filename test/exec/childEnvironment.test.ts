// exec's environment rule: every row is one variable's fate in COMMAND's environment, with the reason --debug prints.

import { expect, test } from 'vitest';
import { childEnvironment, EXEC_MARKER, whyNested, type ChildCredentials } from '../../src/exec/childEnvironment.ts';

const CREDS: ChildCredentials = {
  kind: 'variables',
  creds: { accessKeyId: 'ASIAKEY', secretAccessKey: 'secret/key', sessionToken: 'session-token', expiration: new Date('2026-11-22T13:00:00Z'), accountId: '111122223333' },
};
const ENDPOINT: ChildCredentials = { kind: 'endpoint', url: 'http://127.0.0.1:4000/credentials', token: 't'.repeat(43) };
const DEV = { name: 'dev', region: 'eu-west-1' };
const NO_ACCOUNT: ChildCredentials = { kind: 'variables', creds: { ...CREDS.creds, accountId: '' } };
const given = { variables: CREDS, endpoint: ENDPOINT, 'variables, no account id': NO_ACCOUNT } as const;

type Row = [string, keyof typeof given, NodeJS.ProcessEnv, { name: string; region: string | null }, Record<string, string | undefined>, RegExp | null];

test.each<Row>([
  // The credentials themselves.
  ['the keys, expiry and account are set', 'variables', {}, DEV,
    { AWS_ACCESS_KEY_ID: 'ASIAKEY', AWS_SECRET_ACCESS_KEY: 'secret/key', AWS_SESSION_TOKEN: 'session-token', AWS_CREDENTIAL_EXPIRATION: '2026-11-22T13:00:00Z', AWS_ACCOUNT_ID: '111122223333' }, /the profile's role credentials/],
  ['old keys in the environment are replaced', 'variables', { AWS_ACCESS_KEY_ID: 'AKIAOLD', AWS_SECRET_ACCESS_KEY: 'old', AWS_SESSION_TOKEN: 'old' }, DEV,
    { AWS_ACCESS_KEY_ID: 'ASIAKEY', AWS_SECRET_ACCESS_KEY: 'secret/key', AWS_SESSION_TOKEN: 'session-token' }, null],
  ['an account id that is not 12 digits is not passed, and a stale one goes', 'variables, no account id', { AWS_ACCOUNT_ID: '999999999999' }, DEV, { AWS_ACCOUNT_ID: undefined }, null],
  ['--server: the endpoint and its token are set', 'endpoint', {}, DEV,
    { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:4000/credentials', AWS_CONTAINER_AUTHORIZATION_TOKEN: 't'.repeat(43), AWS_ACCESS_KEY_ID: undefined }, /serves fresh credentials/],
  ['--server: environment keys go, since the SDKs take them before the endpoint', 'endpoint',
    { AWS_ACCESS_KEY_ID: 'AKIAOLD', AWS_SECRET_ACCESS_KEY: 'old', AWS_SESSION_TOKEN: 'old', AWS_CREDENTIAL_EXPIRATION: 'x', AWS_ACCOUNT_ID: '999999999999' }, DEV,
    { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined, AWS_CREDENTIAL_EXPIRATION: undefined, AWS_ACCOUNT_ID: undefined }, /before the container endpoint/],
  // Every other credential source.
  ['AWS_PROFILE goes: its settings and (with --server) its credentials would apply', 'variables', { AWS_PROFILE: 'prod' }, DEV, { AWS_PROFILE: undefined }, /names another profile/],
  ['AWS_DEFAULT_PROFILE goes (the CLI v1 reads it)', 'endpoint', { AWS_DEFAULT_PROFILE: 'prod' }, DEV, { AWS_DEFAULT_PROFILE: undefined }, /CLI v1/],
  ["boto2's AWS_SECURITY_TOKEN goes", 'variables', { AWS_SECURITY_TOKEN: 'old' }, DEV, { AWS_SECURITY_TOKEN: undefined }, /boto2/],
  ['AWS_CREDENTIAL_SCOPE goes', 'variables', { AWS_CREDENTIAL_SCOPE: 'us-east-1' }, DEV, { AWS_CREDENTIAL_SCOPE: undefined }, /JS SDK/],
  ['web identity goes (it comes before the endpoint)', 'endpoint', { AWS_WEB_IDENTITY_TOKEN_FILE: '/t', AWS_ROLE_ARN: 'arn:aws:iam::1:role/r', AWS_ROLE_SESSION_NAME: 's' }, DEV,
    { AWS_WEB_IDENTITY_TOKEN_FILE: undefined, AWS_ROLE_ARN: undefined, AWS_ROLE_SESSION_NAME: undefined }, /web identity/],
  ['another endpoint goes: the relative URI and the token file would win over ours', 'endpoint',
    { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x', AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/var/run/token', AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1', AWS_CONTAINER_AUTHORIZATION_TOKEN: 'old' }, DEV,
    { AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined, AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: undefined, AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:4000/credentials', AWS_CONTAINER_AUTHORIZATION_TOKEN: 't'.repeat(43) }, /prefer it/],
  ['without --server, an endpoint in the environment goes too', 'variables', { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1:1/x', AWS_CONTAINER_AUTHORIZATION_TOKEN: 'old' }, DEV,
    { AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined, AWS_CONTAINER_AUTHORIZATION_TOKEN: undefined }, /another credential source/],
  // What is not a credential source stays.
  ['settings and file locations stay', 'variables',
    { AWS_CONFIG_FILE: '/c', AWS_SHARED_CREDENTIALS_FILE: '/s', AWS_ENDPOINT_URL: 'http://e', AWS_CA_BUNDLE: '/ca', AWS_SDK_LOAD_CONFIG: '1', PATH: '/bin', HOME: '/h' }, DEV,
    { AWS_CONFIG_FILE: '/c', AWS_SHARED_CREDENTIALS_FILE: '/s', AWS_ENDPOINT_URL: 'http://e', AWS_CA_BUNDLE: '/ca', AWS_SDK_LOAD_CONFIG: '1', PATH: '/bin', HOME: '/h' }, null],
  // The region.
  ["no region in the environment: the profile's, under both names", 'variables', {}, DEV, { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' }, /the profile's region/],
  ['a profile without a region: none set', 'variables', {}, { name: 'dev', region: null }, { AWS_REGION: undefined, AWS_DEFAULT_REGION: undefined }, null],
  ["AWS_REGION set: it wins over the profile's, and botocore gets it as AWS_DEFAULT_REGION", 'variables', { AWS_REGION: 'us-west-2' }, DEV, { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'us-west-2' }, /for botocore/],
  ['AWS_DEFAULT_REGION set: the JS SDK gets it as AWS_REGION', 'endpoint', { AWS_DEFAULT_REGION: 'ap-south-1' }, DEV, { AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'ap-south-1' }, /for the JS SDK/],
  ['both set, even differing: left as they are', 'variables', { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'us-east-2' }, DEV, { AWS_REGION: 'us-west-2', AWS_DEFAULT_REGION: 'us-east-2' }, /set in the environment/],
  ['an empty AWS_REGION counts as none', 'variables', { AWS_REGION: '' }, DEV, { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1' }, /the profile's region/],
  // The marker.
  ['the marker names the profile', 'endpoint', {}, { name: 'dev', region: null }, { [EXEC_MARKER]: 'dev' }, /a keyrack-cp exec inside COMMAND refuses/],
])('%s', (_name, mode, parent, profile, expected, reason) => {
  const { env, changes } = childEnvironment(parent, given[mode], profile, 'linux');
  for (const [name, value] of Object.entries(expected)) {
    if (value === undefined) expect(env, name).not.toHaveProperty(name);
    else expect(env[name], name).toBe(value);
  }
  if (reason) {
    const named = changes.filter((c) => Object.keys(expected).includes(c.name));
    expect(named.map((c) => c.why).join('\n')).toMatch(reason);
  }
  // The parent's environment is never changed, and every change is reported without a value.
  expect(Object.keys(parent).every((k) => parent[k] !== undefined)).toBe(true);
  for (const c of changes) expect(c.why).not.toMatch(/ASIAKEY|secret\/key|session-token|t{43}/);
});

test.each<[string, NodeJS.ProcessEnv, Record<string, string | undefined>]>([
  ['another spelling of a removed name goes too', { Aws_Profile: 'prod', aws_security_token: 'old' }, { Aws_Profile: undefined, aws_security_token: undefined }],
  ['another spelling of a name keyrack-cp sets is replaced, not left beside it', { aws_access_key_id: 'AKIAOLD' }, { aws_access_key_id: undefined, AWS_ACCESS_KEY_ID: 'ASIAKEY' }],
  ['a region in another spelling counts', { aws_region: 'us-west-2' }, { aws_region: 'us-west-2', AWS_DEFAULT_REGION: 'us-west-2' }],
])('Windows, where names are case-insensitive: %s', (_name, parent, expected) => {
  const { env } = childEnvironment(parent, CREDS, DEV, 'win32');
  for (const [name, value] of Object.entries(expected)) {
    if (value === undefined) expect(env, name).not.toHaveProperty(name);
    else expect(env[name], name).toBe(value);
  }
  // Elsewhere they are other variables, left alone.
  expect(childEnvironment(parent, CREDS, DEV, 'linux').env).toMatchObject(parent);
});

test('removing reports only what was there', () => {
  const { changes } = childEnvironment({}, CREDS, DEV, 'linux');
  expect(changes.filter((c) => c.action === 'removed')).toEqual([]);
});

test.each<[NodeJS.ProcessEnv, RegExp | null]>([
  [{}, null],
  [{ [EXEC_MARKER]: '' }, null],
  [{ [EXEC_MARKER]: 'dev' }, /already a command run by keyrack-cp exec for profile 'dev' \(KEYRACK_CP_EXEC is set\)/],
  [{ [EXEC_MARKER]: 'a\u001b[2Jb' }, /profile 'a.*b'/],
])('nested exec: %j', (env, why) => {
  const found = whyNested(env);
  if (why === null) expect(found).toBeNull();
  else {
    expect(found).toMatch(why);
    expect(found).not.toContain('\u001b');
  }
});
