import { expect, test } from 'vitest';
import type { CachedToken } from '../../src/token/cachedToken.ts';
import { canFallBack, planToken } from '../../src/token/planToken.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const MIN = 60_000;
const at = (minutesFromNow: number) => new Date(NOW.getTime() + minutesFromNow * MIN);

function token(minutesLeft: number, refresh: 'ok' | 'none' | 'registration-expired' = 'ok'): CachedToken {
  return {
    accessToken: 'at',
    expiresAt: at(minutesLeft),
    document: {},
    refresh:
      refresh === 'none'
        ? null
        : { refreshToken: 'rt', clientId: 'cid', clientSecret: 'cs', registrationExpiresAt: refresh === 'ok' ? at(60 * 24) : at(-1) },
  };
}

test.each<[string, CachedToken | null, 'use' | 'refresh' | 'login', RegExp]>([
  ['no token', null, 'login', /not logged in/],
  ['an hour left', token(60), 'use', /valid for 60m00s/],
  ['15 min and 1 s left: still outside the window', { ...token(15), expiresAt: new Date(at(15).getTime() + 1000) }, 'use', /valid/],
  ['exactly 15 min left: not "more than 15 minutes" (the contract), so refresh', token(15), 'refresh', /can be refreshed/],
  ['10 min left, refreshable', token(10), 'refresh', /10m00s left/],
  ['expired, refreshable', token(-30), 'refresh', /-30m00s left/],
  ['10 min left, no refresh token: use it', token(10, 'none'), 'use', /holds no refresh token/],
  ['10 min left, registration expired: use it', token(10, 'registration-expired'), 'use', /registration has expired/],
  ['30 s left, not refreshable: login', { ...token(0, 'none'), expiresAt: new Date(NOW.getTime() + 30_000) }, 'login', /expires in under a minute/],
  ['expired, not refreshable: login', token(-5, 'none'), 'login', /has expired and it holds no refresh token/],
  ['expired, registration expired: login', token(-5, 'registration-expired'), 'login', /registration has expired/],
])('%s → %s', (_name, cached, action, reason) => {
  const plan = planToken(cached, NOW);
  expect(plan.action).toBe(action);
  expect(plan.reason).toMatch(reason);
});

test.each([
  [5, true],
  [1.5, true],
  [1, false],
  [-1, false],
])('after a failed refresh, a token with %s min left is used: %s', (minutes, expected) => {
  expect(canFallBack(token(minutes), NOW)).toBe(expected);
});
