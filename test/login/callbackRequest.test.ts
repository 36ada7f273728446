import { expect, test } from 'vitest';
import { PAGES, readCallback, renderPage, type CallbackOutcome } from '../../src/login/callbackRequest.ts';

const S = 'expected-state';
test.each<[string, string, string, CallbackOutcome]>([
  ['the code with our state', 'GET', `/oauth/callback?code=abc&state=${S}`, { kind: 'code', code: 'abc' }],
  ['the first of repeated values (as the CLI)', 'GET', `/oauth/callback?code=abc&code=def&state=${S}&state=x`, { kind: 'code', code: 'abc' }],
  ['a code with another state', 'GET', '/oauth/callback?code=abc&state=forged', { kind: 'state-mismatch' }],
  ['a code with no state', 'GET', '/oauth/callback?code=abc', { kind: 'state-mismatch' }],
  ['an error with our state', 'GET', `/oauth/callback?error=access_denied&state=${S}`, { kind: 'error', error: 'access_denied' }],
  ['an error with another state cannot cancel the sign-in', 'GET', '/oauth/callback?error=access_denied&state=x', { kind: 'state-mismatch' }],
  ['an error value is reduced to safe characters', 'GET', `/oauth/callback?error=%3Cscript%3E&state=${S}`, { kind: 'error', error: 'script' }],
  ['neither code nor error', 'GET', `/oauth/callback?state=${S}`, { kind: 'incomplete' }],
  ['another path', 'GET', '/favicon.ico', { kind: 'not-callback' }],
  ['another method', 'POST', `/oauth/callback?code=abc&state=${S}`, { kind: 'not-callback' }],
  ['a path that only starts like ours', 'GET', `/oauth/callback/x?code=abc&state=${S}`, { kind: 'not-callback' }],
])('readCallback: %s', (_name, method, target, outcome) => {
  expect(readCallback(method, target, S)).toEqual(outcome);
});

test('pages say what happened, escape what they quote, and tell the user to close the tab', () => {
  expect(renderPage(PAGES.signedIn)).toContain('You can close this tab.');
  expect(renderPage(PAGES.denied('a<b'))).toContain('a&#60;b');
  expect(PAGES.stateMismatch.status).toBe(400);
  expect(renderPage(PAGES.stateMismatch)).toMatch(/refused and nothing was saved/);
});
