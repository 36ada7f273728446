import { expect, test } from 'vitest';
import { devicePollDeadline, initialPollInterval, nextDevicePoll, type DevicePollStep } from '../../src/login/devicePolling.ts';
import type { DevicePollAnswer } from '../../src/sso/oidcCalls.ts';

test.each<[DevicePollAnswer, number, DevicePollStep]>([
  ['pending', 5_000, { action: 'wait', intervalMs: 5_000, reason: 'not approved yet' }],
  ['slow-down', 5_000, { action: 'wait', intervalMs: 10_000, reason: 'the service asked us to poll more slowly' }],
  ['slow-down', 10_000, { action: 'wait', intervalMs: 15_000, reason: 'the service asked us to poll more slowly' }],
  ['expired', 5_000, { action: 'stop', problem: 'the sign-in code expired before it was approved' }],
  ['denied', 5_000, { action: 'stop', problem: 'the sign-in request was denied in the browser' }],
])('nextDevicePoll(%s, %i)', (answer, interval, step) => {
  expect(nextDevicePoll(answer, interval)).toEqual(step);
});

test.each<[number | undefined, number]>([
  [undefined, 5_000],
  [0, 5_000],
  [-3, 5_000],
  [Number.NaN, 5_000],
  [1, 1_000],
  [0.2, 1_000],
  [5, 5_000],
  [7, 7_000],
])('initialPollInterval(%s) = %i ms', (seconds, ms) => {
  expect(initialPollInterval(seconds)).toBe(ms);
});

const NOW = new Date('2026-11-22T12:00:00Z');
test.each<[string, number | undefined, number, number]>([
  ['a 600 s code: its expiry plus one interval, capped at the 10-minute limit', 600, 5_000, 600_000],
  ['a 120 s code: its expiry plus one interval', 120, 5_000, 125_000],
  ['no expiresIn: the limit', undefined, 5_000, 600_000],
  ['a nonsense expiresIn: the limit', -1, 5_000, 600_000],
])('devicePollDeadline: %s', (_name, expiresIn, interval, msAfterNow) => {
  expect(devicePollDeadline(NOW, expiresIn, interval, 600_000).getTime() - NOW.getTime()).toBe(msAfterNow);
});
