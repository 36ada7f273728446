import { expect, test } from 'vitest';
import { isSsoRoleEntry, isTokenFile, planLogoutCall, roleEntriesOfSession, type LogoutCall } from '../../src/logout/logoutTargets.ts';
import { awsConfig, goodProfile, goodSession } from '../helpers/awsConfig.ts';

test("a session's role entries: every profile naming it with an account and a role, each pair once", () => {
  const config = awsConfig({
    sessions: { s: goodSession, t: goodSession },
    profiles: {
      a: goodProfile,
      b: { ...goodProfile, sso_role_name: 'Admin' },
      'same-pair': goodProfile,
      other: { ...goodProfile, sso_session: 't' },
      'no-role': { sso_session: 's', sso_account_id: '111122223333' },
      nested: { sso_session: 's', sso_account_id: { x: 'y' }, sso_role_name: 'R' },
      consumer: { credential_process: 'keyrack-cp --profile a' },
    },
  });
  expect(roleEntriesOfSession(config, 's')).toEqual([
    { profile: 'a', accountId: '111122223333', roleName: 'ReadOnly', sessionName: 's' },
    { profile: 'b', accountId: '111122223333', roleName: 'Admin', sessionName: 's' },
  ]);
  expect(roleEntriesOfSession(config, 't').map((e) => e.profile)).toEqual(['other']);
  expect(roleEntriesOfSession(config, 'none')).toEqual([]);
});

const NOW = new Date('2026-11-22T12:00:00Z');
test.each<[string, string, LogoutCall]>([
  ['a live token: Logout in its region', '{"accessToken": "at-1234567", "expiresAt": "2026-11-22T13:00:00Z", "region": "eu-west-1"}', { call: true, accessToken: 'at-1234567', region: 'eu-west-1' }],
  ['no region in the file: the caller supplies one', '{"accessToken": "at-1234567", "expiresAt": "2026-11-22T13:00:00Z"}', { call: true, accessToken: 'at-1234567', region: undefined }],
  ['an unparsable expiry is tried (the service decides)', '{"accessToken": "at-1234567", "expiresAt": "soon"}', { call: true, accessToken: 'at-1234567', region: undefined }],
  ['expired: the service would refuse it', '{"accessToken": "at", "expiresAt": "2026-11-22T11:59:59Z"}', { call: false, why: 'its access token has expired, so the service would not accept a Logout' }],
  ['no access token', '{"expiresAt": "2026-11-22T13:00:00Z"}', { call: false, why: 'the token file holds no access token' }],
  ['not JSON', '{', { call: false, why: 'the token file is not valid JSON' }],
])('planLogoutCall: %s', (_name, text, call) => {
  expect(planLogoutCall(text, NOW)).toEqual(call);
});

test.each<[string, boolean, boolean]>([
  ['{"accessToken": "x", "expiresAt": "2026-01-01T00:00:00Z"}', true, false],
  ['{"clientId": "c", "clientSecret": "s", "expiresAt": "2027-01-01T00:00:00Z"}', false, false],
  ['{"ProviderType": "sso", "Credentials": {}}', false, true],
  ['{"ProviderType": "assume-role", "Credentials": {}}', false, false],
  ['not json', false, false],
  ['null', false, false],
])("aws sso logout's file tests: %s", (text, token, ssoRole) => {
  expect(isTokenFile(text)).toBe(token);
  expect(isSsoRoleEntry(text)).toBe(ssoRole);
});
