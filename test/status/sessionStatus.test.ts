import { expect, test } from 'vitest';
import { formatDuration, isReady, sessionState, type SessionState } from '../../src/status/sessionStatus.ts';
import type { CachedToken } from '../../src/token/cachedToken.ts';
import type { TokenRead } from '../../src/token/tokenStore.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const token = (minutesLeft: number, refresh: 'yes' | 'no' | 'registration-expired'): TokenRead => ({
  ok: true,
  token: {
    accessToken: 'at',
    expiresAt: new Date(NOW.getTime() + minutesLeft * 60_000),
    refresh: refresh === 'no' ? null : { refreshToken: 'rt', clientId: 'c', clientSecret: 's', registrationExpiresAt: new Date(refresh === 'yes' ? '2027-01-01T00:00:00Z' : '2026-01-01T00:00:00Z') },
    document: {},
  } satisfies CachedToken,
});

test.each<[string, TokenRead, Partial<SessionState> & { state: SessionState['state'] }, boolean]>([
  ['no file', { ok: false, problem: 'missing' }, { state: 'signed-out' }, false],
  ['an unusable file', { ok: false, problem: 'the token cache file is not valid JSON' }, { state: 'invalid-token', problem: 'the token cache file is not valid JSON' }, false],
  ['valid, refreshable', token(50, 'yes'), { state: 'signed-in', msLeft: 50 * 60_000, refreshable: true, whyNotRefreshable: null }, true],
  ['valid for 8 h, no refresh token', token(480, 'no'), { state: 'signed-in', refreshable: false, whyNotRefreshable: 'it holds no refresh token and client registration' }, true],
  ['30 s left, no refresh token: not ready (under the minute the credential path needs)', token(0.5, 'no'), { state: 'signed-in', refreshable: false }, false],
  ['expired, refreshable: ready (refreshed on next use)', token(-10, 'yes'), { state: 'expired', refreshable: true }, true],
  ['expired, registration expired', token(-10, 'registration-expired'), { state: 'expired', refreshable: false, whyNotRefreshable: 'its client registration has expired' }, false],
])('%s', (_name, read, expected, ready) => {
  const state = sessionState(read, NOW);
  expect(state).toMatchObject(expected);
  expect(isReady(state)).toBe(ready);
});

test.each<[number, string]>([
  [45_000, '45s'],
  [-45_000, '45s'],
  [52 * 60_000 + 10_000, '52m'],
  [479 * 60_000, '7h59m'],
  [50 * 3_600_000, '2d02h'],
])('formatDuration(%i) = %s', (ms, text) => {
  expect(formatDuration(ms)).toBe(text);
});
