import { afterEach, expect, test, vi } from 'vitest';
import { countdownLine, formatMinutesSeconds, waitingLine } from '../../src/login/countdown.ts';
import { createLoginUi } from '../../src/login/ui.ts';

test.each<[number, string]>([
  [600_000, '10:00'],
  [599_001, '10:00'],
  [545_000, '9:05'],
  [1, '0:01'],
  [0, '0:00'],
  [-5_000, '0:00'],
])('formatMinutesSeconds(%i) = %s', (ms, text) => {
  expect(formatMinutesSeconds(ms)).toBe(text);
});

test('the live line redraws in place with a spinner; the plain line says the limit once', () => {
  expect(countdownLine('Waiting', 545_000, 0)).toBe('\r\x1b[2K⠋ Waiting… 9:05 left');
  expect(countdownLine('Waiting', 545_000, 11)).toBe('\r\x1b[2K⠙ Waiting… 9:05 left');
  expect(waitingLine('Waiting', 600_000)).toBe('Waiting (up to 10:00)…\n');
});

afterEach(() => vi.useRealTimers());

test('on a terminal: a countdown redrawn until stopped, then the line erased; say() ends it first', () => {
  vi.useFakeTimers({ now: new Date('2026-11-22T12:00:00Z') });
  const out: string[] = [];
  const ui = createLoginUi({ isTerminal: true, write: (t) => out.push(t) }, () => new Date());
  ui.wait('Waiting', new Date('2026-11-22T12:10:00Z'));
  vi.advanceTimersByTime(2_000);
  expect(out[0]).toBe('\r\x1b[2K⠋ Waiting… 10:00 left');
  expect(out.at(-1)).toMatch(/Waiting… 9:58 left$/);
  const frames = out.length;
  expect(frames).toBeGreaterThan(10);
  ui.say('Signed in.\n');
  vi.advanceTimersByTime(2_000);
  expect(out.slice(frames)).toEqual(['\r\x1b[2K', 'Signed in.\n']);
});

test('without a terminal: plain lines only, nothing redrawn', () => {
  vi.useFakeTimers({ now: new Date('2026-11-22T12:00:00Z') });
  const out: string[] = [];
  const ui = createLoginUi({ isTerminal: false, write: (t) => out.push(t) }, () => new Date());
  const wait = ui.wait('Waiting', new Date('2026-11-22T12:10:00Z'));
  vi.advanceTimersByTime(5_000);
  wait.stop();
  ui.say('done\n');
  expect(out).toEqual(['Waiting (up to 10:00)…\n', 'done\n']);
});
