// The refresh-window decision: never hand out credentials an SDK would refresh at once.

import { expect, test } from 'vitest';
import { planServe, SERVE_WINDOW_MS } from '../../src/serve/planServe.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const left = (ms: number) => new Date(NOW.getTime() + ms);
const MIN = 60_000;

test.each<[string, number, number, 'serve' | 'again' | 'refuse', RegExp]>([
  ['an hour left', 60 * MIN, 1, 'serve', /60m00s left/],
  ['15 min and 1 s left', 15 * MIN + 1000, 1, 'serve', /15m01s left/],
  ["exactly 15 min left: not more than 15 minutes (the role-credential cache's rule, the contract's)", 15 * MIN, 1, 'again', /inside the SDKs' 15-minute refresh window/],
  ['12 min left (botocore would try a refresh at every access): again', 12 * MIN, 1, 'again', /only 12m00s left/],
  ['4 min left (inside the JS SDK window too): again', 4 * MIN, 1, 'again', /4m00s/],
  ['already expired: again', -MIN, 1, 'again', /-1m00s/],
  ['fresh from the service and still inside: refused', 10 * MIN, 2, 'refuse', /the SSO service issued role credentials with 10m00s left/],
  ['fresh from the service and fine', 60 * MIN, 2, 'serve', /60m00s/],
])('%s → %s', (_name, ms, attempt, action, why) => {
  const plan = planServe(left(ms), NOW, attempt);
  expect(plan.action).toBe(action);
  expect(plan.why).toMatch(why);
});

test("the window is botocore's advisory one, the widest of the SDKs' (botocore 900 s and 600 s, the JS SDK 300 s)", () => {
  expect(SERVE_WINDOW_MS).toBe(900_000);
});
