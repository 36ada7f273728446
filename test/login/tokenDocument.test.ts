import { expect, test } from 'vitest';
import { toPythonJson } from '../../src/fs/pythonJson.ts';
import { loginTokenDocument } from '../../src/login/tokenDocument.ts';
import { parseCachedToken } from '../../src/token/cachedToken.ts';

const session = { name: 's', startUrl: 'https://d-abc.awsapps.com/start', region: 'us-east-1', registrationScopes: [] };
const registration = { clientId: 'cid', clientSecret: 'csecret', expiresAt: new Date('2026-12-22T01:31:31Z'), scopes: [], grantTypes: [] };
const now = new Date('2026-11-22T08:31:31.400Z');

test("what `aws sso login` writes, byte for byte (reference Appendix A)", () => {
  const doc = loginTokenDocument(session, { accessToken: 'new-access', expiresInSeconds: 3600, refreshToken: 'rt-new' }, registration, now);
  expect(toPythonJson(doc)).toBe(
    '{"startUrl": "https://d-abc.awsapps.com/start", "region": "us-east-1", "accessToken": "new-access", "expiresAt": "2026-11-22T09:31:31Z", "clientId": "cid", "clientSecret": "csecret", "registrationExpiresAt": "2026-12-22T01:31:31Z", "refreshToken": "rt-new"}',
  );
  const parsed = parseCachedToken(toPythonJson(doc));
  expect(parsed.ok && parsed.token.refresh?.refreshToken).toBe('rt-new');
});

test('no refresh token issued: no refreshToken key (readers test for its presence)', () => {
  const doc = loginTokenDocument(session, { accessToken: 'a', expiresInSeconds: 28_800, refreshToken: undefined }, registration, now);
  expect(Object.keys(doc)).toEqual(['startUrl', 'region', 'accessToken', 'expiresAt', 'clientId', 'clientSecret', 'registrationExpiresAt']);
  expect(doc.expiresAt).toBe('2026-11-22T16:31:31Z');
});
