import { expect, test } from 'vitest';
import { planLogin, type LoginPlan } from '../../src/login/planLogin.ts';
import type { CachedToken } from '../../src/token/cachedToken.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const START_URL = 'https://acme.awsapps.com/start';
const token = (minutesLeft: number, document: Record<string, unknown> = {}): CachedToken => ({
  accessToken: 'at', expiresAt: new Date(NOW.getTime() + minutesLeft * 60_000), refresh: null, document,
});
test.each<[string, CachedToken | null, boolean, LoginPlan]>([
  ['not signed in', null, false, { action: 'login', reason: 'not signed in' }],
  ['valid for 8 hours: left alone, and said so', token(480), false, { action: 'skip', reason: 'is already signed in: its token is valid for 480m00s more (until 2026-11-22T20:00:00Z)' }],
  ['valid for 61 minutes: left alone', token(61), false, { action: 'skip', reason: 'is already signed in: its token is valid for 61m00s more (until 2026-11-22T13:01:00Z)' }],
  ['valid for exactly an hour: signed in again', token(60), false, { action: 'login', reason: 'its token has only 60m00s left' }],
  ['expired', token(-5), false, { action: 'login', reason: 'its token has expired' }],
  ['--force on a valid session', token(480), true, { action: 'login', reason: '--force' }],
  ['valid, cached for this start URL: left alone', token(480, { startUrl: START_URL }), false, { action: 'skip', reason: 'is already signed in: its token is valid for 480m00s more (until 2026-11-22T20:00:00Z)' }],
  ['valid, but cached for another start URL: signed in', token(480, { startUrl: 'https://other.awsapps.com/start' }), false, { action: 'login', reason: 'its cached token is for another start URL' }],
])('planLogin: %s', (_name, t, force, plan) => {
  expect(planLogin(t, NOW, force, START_URL)).toEqual(plan);
});
