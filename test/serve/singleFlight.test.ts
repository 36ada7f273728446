// One call shared by everyone who asks while it is under way; a new one after it ends, success or failure.

import { expect, test } from 'vitest';
import { singleFlight } from '../../src/serve/singleFlight.ts';

test('32 callers at once make one call and get the same result', async () => {
  let calls = 0;
  let release!: (v: string) => void;
  const shared = singleFlight(() => {
    calls++;
    return new Promise<string>((r) => (release = r));
  });
  const all = Promise.all(Array.from({ length: 32 }, () => shared()));
  expect(shared.inFlight()).not.toBeNull();
  release('creds');
  expect(await all).toEqual(Array(32).fill('creds'));
  expect(calls).toBe(1);
  expect(shared.inFlight()).toBeNull();
});

test('a failure is every waiter’s, and the next caller starts afresh', async () => {
  let calls = 0;
  const shared = singleFlight(async () => {
    calls++;
    if (calls === 1) throw new Error('down');
    return 'creds';
  });
  const results = await Promise.allSettled([shared(), shared()]);
  expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  expect(await shared()).toBe('creds');
  expect(calls).toBe(2);
});
