import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { toPythonJson } from '../../src/fs/pythonJson.ts';
import { getTokenCachePath } from '../../src/token/tokenCachePath.ts';
import { readTokenFile, refreshedDocument, writeTokenFile } from '../../src/token/tokenStore.ts';
import { createLogger } from '../../src/log.ts';
import { HOST_PLATFORM } from '../helpers/hostPlatform.ts';

const quiet = createLogger({ debug: false, write: () => undefined });

test.each([
  ['my-sso', '0ad374308c5a4e22f723adf10145eafad7c4031c'],
  ['s', 'a0f1490a20d0211c997b44bc357e1972deab8ae3'],
])('token cache file name for session %s (reference vectors)', (session, sha1) => {
  expect(getTokenCachePath('/h', session, 'linux')).toBe(`/h/.aws/sso/cache/${sha1}.json`);
});

test('toPythonJson is byte-identical to python json.dumps', () => {
  const doc = {
    startUrl: 'https://d-abc.awsapps.com/start',
    region: 'us-east-1',
    accessToken: 'a"b\\c\n\t\u0001',
    expiresAt: '2026-11-22T09:31:31Z',
    unicode: 'é✓😀\u007f',
    n: 42,
    f: 1.5,
    t: true,
    nothing: null,
    list: [1, 'x', { k: [] }],
    nested: {},
  };
  const python = execFileSync('python3', ['-c', 'import json,sys; sys.stdout.write(json.dumps(json.loads(sys.stdin.read())))'], {
    input: JSON.stringify(doc),
    encoding: 'utf8',
  });
  expect(toPythonJson(doc)).toBe(python);
});

test('refreshedDocument keeps every other field and their order, drops a refresh token the service did not rotate', () => {
  const old = { startUrl: 'u', accessToken: 'old', expiresAt: 'x', clientId: 'c', refreshToken: 'rt-old', custom: { a: 1 } };
  const next = refreshedDocument(old, { accessToken: 'new', expiresAt: new Date('2026-11-22T10:00:00.5Z'), refreshToken: 'rt-new' });
  expect(Object.keys(next)).toEqual(Object.keys(old));
  expect(next).toEqual({ ...old, accessToken: 'new', expiresAt: '2026-11-22T10:00:00Z', refreshToken: 'rt-new' });
  expect(refreshedDocument(old, { accessToken: 'new', expiresAt: new Date(0), refreshToken: undefined })).not.toHaveProperty('refreshToken');
});

test('writeTokenFile: 0600 file, 0700 new directories, no temp file left, readable back', () => {
  const home = mkdtempSync(join(tmpdir(), 'krcp-store-'));
  const path = getTokenCachePath(home, 's', HOST_PLATFORM);
  writeTokenFile(path, { accessToken: 'at', expiresAt: '2099-01-01T00:00:00Z' }, HOST_PLATFORM);
  expect(statSync(path).mode & 0o777).toBe(0o600);
  expect(statSync(join(home, '.aws', 'sso', 'cache')).mode & 0o777).toBe(0o700);
  expect(statSync(join(home, '.aws')).mode & 0o777).toBe(0o700);
  expect(readdirSync(join(home, '.aws', 'sso', 'cache'))).toEqual([path.split('/').pop()]);
  expect(readFileSync(path, 'utf8')).toBe('{"accessToken": "at", "expiresAt": "2099-01-01T00:00:00Z"}');
  const read = readTokenFile(path, 'x', quiet);
  expect(read.ok && read.token.accessToken).toBe('at');
});

test('writeTokenFile replaces an existing file that had loose permissions', () => {
  const home = mkdtempSync(join(tmpdir(), 'krcp-store-'));
  const path = getTokenCachePath(home, 's', HOST_PLATFORM);
  writeTokenFile(path, { accessToken: 'one', expiresAt: '2099-01-01T00:00:00Z' }, HOST_PLATFORM);
  writeFileSync(path, 'junk', { mode: 0o644 });
  writeTokenFile(path, { accessToken: 'two', expiresAt: '2099-01-01T00:00:00Z' }, HOST_PLATFORM);
  expect(statSync(path).mode & 0o777).toBe(0o600);
  const read = readTokenFile(path, 'x', quiet);
  expect(read.ok && read.token.accessToken).toBe('two');
});

test('readTokenFile: missing file is "missing"; a directory in its place is a failure naming the path', () => {
  const home = mkdtempSync(join(tmpdir(), 'krcp-store-'));
  expect(readTokenFile(join(home, 'nope.json'), 'x', quiet)).toEqual({ ok: false, problem: 'missing' });
  expect(() => readTokenFile(home, "sso-session 's'", quiet)).toThrow(/cannot read the token cache file .* \(EISDIR\)/);
});

test('sha1Hex agrees with node:crypto', async () => {
  const { createHash } = await import('node:crypto');
  const { sha1Hex } = await import('../../src/fs/sha1.ts');
  const inputs = ['', 'a', 'abc', 'my-sso', 'é✓😀', 'x'.repeat(55), 'y'.repeat(56), 'z'.repeat(64), 'w'.repeat(1000), '{"accountId":"1","roleName":"R","sessionName":"s"}'];
  for (const input of inputs) expect(sha1Hex(input)).toBe(createHash('sha1').update(input, 'utf8').digest('hex'));
});

test('reading a token file registers its secrets with the logger, whoever reads it', () => {
  const home = mkdtempSync(join(tmpdir(), 'krcp-store-'));
  const path = getTokenCachePath(home, 's', HOST_PLATFORM);
  writeTokenFile(path, { accessToken: 'at-secret-value', expiresAt: '2099-01-01T00:00:00Z', refreshToken: 'rt-secret-value', clientId: 'c', clientSecret: 'cs-secret-value', registrationExpiresAt: '2099-01-01T00:00:00Z' }, HOST_PLATFORM);
  const log = createLogger({ debug: false, write: () => undefined });
  expect(readTokenFile(path, 'x', log).ok).toBe(true);
  expect(log.scrub('at-secret-value rt-secret-value cs-secret-value')).toBe('*** *** ***');
});
