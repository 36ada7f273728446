// keepFresh: when it rewrites (a table), and the loop with a fake clock: rewrites on time, retries with backoff,
// stops on a configuration error or at once on a signal.

import { describe, expect, test } from 'vitest';
import { keepFresh, MIN_WAIT_MS, planNextRewrite, RETRY_DELAYS_MS, REWRITE_WINDOW_MS } from '../../src/commands/keepFresh.ts';
import { configError, failure, loginNeeded } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

test.each<{ rule: string; expires: number; failures: number; next: Date }>([
  { rule: 'an hour left: a second into the last 15 minutes', expires: 60, failures: 0, next: new Date(at(45).getTime() + 1000) },
  { rule: '12 hours left', expires: 720, failures: 0, next: new Date(at(705).getTime() + 1000) },
  { rule: 'already inside the window: not before the minimum wait', expires: 10, failures: 0, next: new Date(NOW.getTime() + MIN_WAIT_MS) },
  { rule: 'just outside the window: on time, however soon', expires: 15.1, failures: 0, next: new Date(at(0.1).getTime() + 1000) },
  { rule: 'exactly at the window: the minimum wait', expires: 15 - 1 / 60, failures: 0, next: new Date(NOW.getTime() + MIN_WAIT_MS) },
  { rule: 'first failure: 30 s', expires: 60, failures: 1, next: new Date(NOW.getTime() + 30_000) },
  { rule: 'third failure: 2 min', expires: 60, failures: 3, next: new Date(NOW.getTime() + 120_000) },
  { rule: 'tenth failure: capped at 5 min', expires: 60, failures: 10, next: new Date(NOW.getTime() + 300_000) },
])('planNextRewrite: $rule', ({ expires, failures, next }) => {
  expect(planNextRewrite(at(expires), NOW, failures).at).toEqual(next);
});

test('the window is 15 minutes and the retries end at 5 minutes', () => {
  expect(REWRITE_WINDOW_MS).toBe(900_000);
  expect(RETRY_DELAYS_MS.at(-1)).toBe(300_000);
});

/** A fake clock: sleep advances it; `script` decides each rewrite's outcome. */
function harness(script: Array<number | Error>, stopAfterRewrites = Infinity) {
  let clock = NOW.getTime();
  const controller = new AbortController();
  const rewrites: number[] = [];
  const warnings: string[] = [];
  const said: string[] = [];
  const log = createLogger({ debug: false, write: (l) => warnings.push(l) });
  const run = (first: Date) =>
    keepFresh(first, {
      now: () => new Date(clock),
      sleep: async (ms, signal) => {
        if (signal.aborted) return false;
        clock += ms;
        return true;
      },
      signal: controller.signal,
      log,
      say: (l) => said.push(l),
      rewrite: async () => {
        rewrites.push(clock);
        const next = script.shift();
        if (rewrites.length >= stopAfterRewrites) controller.abort('SIGTERM');
        if (next === undefined) throw new Error('script exhausted');
        if (next instanceof Error) throw next;
        return new Date(clock + next * 60_000);
      },
    });
  return { run, rewrites, warnings, said, controller, minutesOf: (t: number) => (t - NOW.getTime()) / 60_000 };
}

describe('the loop', () => {
  test('rewrites 15 minutes (and a second) before each expiry until the signal', async () => {
    const h = harness([60, 60, 60], 3);
    await h.run(at(60));
    expect(h.rewrites.map(h.minutesOf)).toEqual([45 + 1 / 60, 90 + 2 / 60, 135 + 3 / 60]);
    expect(h.said[0]).toBe('Next rewrite at 2026-11-22T12:45:01Z (15 minutes before they expire).');
  });

  test('a login-needed or network failure is warned about and retried with backoff; success resets it', async () => {
    const h = harness([loginNeeded("profile 'dev'", 'the token expired', 'Run: aws sso login --sso-session acme'), failure("profile 'dev'", 'unreachable', 'Try again.'), 60], 3);
    await h.run(at(60));
    const t0 = 45 + 1 / 60;
    expect(h.rewrites.map(h.minutesOf)).toEqual([t0, t0 + 0.5, t0 + 1.5]);
    expect(h.warnings).toHaveLength(2);
    expect(h.warnings[0]).toMatch(/^keyrack-cp: warning: profile 'dev': the token expired\. Run: aws sso login --sso-session acme \(keyrack-cp keeps running and tries again at 2026-11-22T12:45:31Z\)\n$/);
  });

  test('a configuration error ends it (exit 2 by main), unexpected errors too', async () => {
    await expect(harness([configError("output profile 'x'", 'is an SSO profile', 'Name another.')]).run(at(60))).rejects.toMatchObject({ exitCode: 2 });
    await expect(harness([new Error('boom')]).run(at(60))).rejects.toThrow('boom');
  });

  test('a signal during the sleep ends it at once, without another rewrite', async () => {
    const h = harness([60]);
    h.controller.abort('SIGINT');
    await h.run(at(60));
    expect(h.rewrites).toEqual([]);
  });

  test('a long sleep wakes every minute to look at the wall clock (a suspended laptop)', async () => {
    const steps: number[] = [];
    const controller = new AbortController();
    let clock = NOW.getTime();
    await keepFresh(at(20), {
      now: () => new Date(clock),
      sleep: async (ms) => {
        steps.push(ms);
        clock += ms === 60_000 && steps.length === 2 ? 3 * 60_000 : ms; // the machine slept for 3 minutes during one step
        return true;
      },
      signal: controller.signal,
      log: createLogger({ debug: false, write: () => undefined }),
      say: () => undefined,
      rewrite: async () => {
        controller.abort('SIGTERM');
        return at(80);
      },
    });
    expect(steps.every((ms) => ms <= 60_000)).toBe(true);
    expect(steps.length).toBe(4); // 5 min + 1 s: 60 s, then 3 min passed in one step, then 60 s and 1 s
    expect(clock).toBe(at(5).getTime() + 1000); // on time: the 3 lost minutes were noticed
  });
});
