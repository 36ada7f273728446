// The container-credentials document: the keys botocore and the JS SDK require, `Token` not `SessionToken`.

import { expect, test } from 'vitest';
import { formatContainerCredentials } from '../../src/output/formatContainerCredentials.ts';

const creds = { accessKeyId: 'ASIAKEY', secretAccessKey: 's/k', sessionToken: 'st', expiration: new Date('2026-11-22T13:00:00.250Z'), accountId: '111122223333' };

test.each<[string, string, Record<string, string>]>([
  ['with its account', '111122223333', { AccessKeyId: 'ASIAKEY', SecretAccessKey: 's/k', Token: 'st', Expiration: '2026-11-22T13:00:00Z', AccountId: '111122223333' }],
  ['an account id that is not 12 digits is left out', '1234', { AccessKeyId: 'ASIAKEY', SecretAccessKey: 's/k', Token: 'st', Expiration: '2026-11-22T13:00:00Z' }],
])('%s', (_name, accountId, expected) => {
  const text = formatContainerCredentials({ ...creds, accountId });
  expect(JSON.parse(text)).toEqual(expected);
  expect(Object.keys(JSON.parse(text))).toEqual(Object.keys(expected)); // in that order
});
