import { expect, test } from 'vitest';
import { getRoleCredentialCacheKey } from '../../src/credentials/roleCredentialCachePath.ts';
import { parseRoleCredentialCache, roleCredentialCacheDocument, whyNotServable } from '../../src/credentials/roleCredentialCacheEntry.ts';
import { toPythonJson } from '../../src/fs/pythonJson.ts';

test('cache key: the reference vector', () => {
  expect(getRoleCredentialCacheKey({ accountId: '111122223333', roleName: 'ReadOnly', sessionName: 'my-sso' })).toBe('0521d1f6a6c4e68f9e18540309367cc3cccb6305');
});

test('cache key: non-ASCII session names are escaped as Python does (ensure_ascii)', () => {
  expect(toPythonJson({ sessionName: 'équipe' }, { compact: true })).toBe('{"sessionName":"\\u00e9quipe"}');
});

const NOW = new Date('2026-11-22T12:00:00Z');
const creds = (minutes: number, accountId = '111122223333') => ({
  accessKeyId: 'AK',
  secretAccessKey: 'SK',
  sessionToken: 'ST',
  expiration: new Date(NOW.getTime() + minutes * 60_000),
  accountId,
});

test('document → text → entry round trip', () => {
  const text = toPythonJson(roleCredentialCacheDocument(creds(60)));
  expect(text).toBe('{"ProviderType": "sso", "Credentials": {"AccessKeyId": "AK", "SecretAccessKey": "SK", "SessionToken": "ST", "Expiration": "2026-11-22T13:00:00Z", "AccountId": "111122223333"}}');
  expect(parseRoleCredentialCache(text)).toEqual({ creds: creds(60) });
});

test.each<[string, string]>([
  ['not JSON', '{"Credentials": '],
  ['no Credentials', '{"ProviderType": "sso"}'],
  ['missing a key', '{"Credentials": {"AccessKeyId": "AK", "SecretAccessKey": "SK", "Expiration": "2026-11-22T13:00:00Z"}}'],
  ['naive expiration', '{"Credentials": {"AccessKeyId": "AK", "SecretAccessKey": "SK", "SessionToken": "ST", "Expiration": "2026-11-22T13:00:00"}}'],
  ['null', 'null'],
])('unusable entry: %s', (_name, text) => {
  expect(parseRoleCredentialCache(text)).toHaveProperty('problem');
});

test.each<[number, string, string | null]>([
  [60, '111122223333', null],
  [15.1, '111122223333', null],
  [15, '111122223333', 'only 15 min left'],
  [5, '111122223333', 'only 5 min left'],
  [-5, '111122223333', 'only 0 min left'],
  [60, '999999999999', 'it is for another account'],
])('%s min left, account %s → %s', (minutes, account, why) => {
  expect(whyNotServable(creds(minutes, account), '111122223333', NOW)).toBe(why);
});
