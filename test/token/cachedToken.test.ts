import { expect, test } from 'vitest';
import { formatAwsTimestamp, parseAwsTimestamp } from '../../src/token/awsTimestamp.ts';
import { parseCachedToken } from '../../src/token/cachedToken.ts';

test.each<[unknown, string | null]>([
  ['2026-11-22T09:33:14Z', '2026-11-22T09:33:14.000Z'], // botocore / AWS CLI
  ['2026-11-22T09:33:14.020Z', '2026-11-22T09:33:14.020Z'], // JS SDK (toISOString)
  ['2026-11-22T09:33:14+00:00', '2026-11-22T09:33:14.000Z'],
  ['2026-11-22T09:33:14UTC', '2026-11-22T09:33:14.000Z'], // CLI v1-era files
  ['2026-11-22T10:33:14+01:00', '2026-11-22T09:33:14.000Z'],
  ['2026-11-22T04:03:14-0530', '2026-11-22T09:33:14.000Z'],
  ['2026-11-22 09:33:14Z', '2026-11-22T09:33:14.000Z'],
  ['2026-11-22T09:33:14.123456789Z', '2026-11-22T09:33:14.123Z'],
  ['2026-11-22T09:33:14', null], // naive: botocore raises TypeError
  [1795000000, null], // a number: botocore raises TypeError
  ['2026-02-30T00:00:00Z', null],
  ['2026-11-22T24:00:00Z', null],
  ['tomorrow', null],
  [null, null],
])('parseAwsTimestamp(%j)', (input, expected) => {
  expect(parseAwsTimestamp(input)?.toISOString() ?? null).toBe(expected);
});

test('formatAwsTimestamp drops the fraction, as the AWS CLI writes it', () => {
  expect(formatAwsTimestamp(new Date('2026-11-22T09:33:14.987Z'))).toBe('2026-11-22T09:33:14Z');
});

const full = {
  startUrl: 'https://d-abc.awsapps.com/start',
  region: 'us-east-1',
  accessToken: 'at-1',
  expiresAt: '2026-11-22T10:00:00Z',
  clientId: 'cid',
  clientSecret: 'csecret',
  registrationExpiresAt: '2027-01-01T00:00:00Z',
  refreshToken: 'rt-1',
};

test('a complete file gives a token with its refresh grant and the whole document', () => {
  const result = parseCachedToken(JSON.stringify({ ...full, extra: 1 }));
  expect(result).toEqual({
    ok: true,
    token: {
      accessToken: 'at-1',
      expiresAt: new Date('2026-11-22T10:00:00Z'),
      refresh: { refreshToken: 'rt-1', clientId: 'cid', clientSecret: 'csecret', registrationExpiresAt: new Date('2027-01-01T00:00:00Z') },
      document: { ...full, extra: 1 },
    },
  });
});

test.each<[string, string, RegExp | null]>([
  ['not JSON', '{"accessToken": "secret-value"', /not valid JSON/],
  ['an array', '[]', /not hold a JSON object/],
  ['no accessToken', JSON.stringify({ ...full, accessToken: undefined }), /no accessToken/],
  ['empty accessToken', JSON.stringify({ ...full, accessToken: '' }), /no accessToken/],
  ['no expiresAt', JSON.stringify({ ...full, expiresAt: undefined }), /no expiresAt/],
  ['naive expiresAt', JSON.stringify({ ...full, expiresAt: '2026-11-22T10:00:00' }), /not a UTC timestamp/],
  ['an accessToken no HTTP header can carry', JSON.stringify({ ...full, accessToken: 'secret-value\n' }), /characters no access token has/],
  ['nested deeper than the AWS CLI can read', `{"accessToken":"secret-value","expiresAt":"2026-11-22T10:00:00Z","x":${'['.repeat(1000)}${']'.repeat(1000)}}`, /nested more than 900 levels/],
])('%s is refused without quoting the file', (_name, text, problem) => {
  const result = parseCachedToken(text);
  expect(result.ok).toBe(false);
  if (!result.ok) {
    expect(result.problem).toMatch(problem!);
    expect(result.problem).not.toMatch(/secret-value|at-1|rt-1|csecret/);
  }
});

test.each(['refreshToken', 'clientId', 'clientSecret', 'registrationExpiresAt'])('without %s there is no refresh grant', (key) => {
  const result = parseCachedToken(JSON.stringify({ ...full, [key]: undefined }));
  expect(result.ok && result.token.refresh).toBe(null);
});
