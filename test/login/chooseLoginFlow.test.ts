import { expect, test } from 'vitest';
import { chooseLoginFlow, type FlowInputs } from '../../src/login/chooseLoginFlow.ts';

const base: FlowInputs = { useDeviceCode: false, noBrowser: false, browser: true, userSeesText: true };
test.each<[string, Partial<FlowInputs>, Record<string, unknown>]>([
  ['a browser: PKCE, opened, device code if it fails to open', {}, { flow: 'pkce', openBrowser: true, deviceFallback: true }],
  ['no browser: device code (SSH, containers)', { browser: false }, { flow: 'device', openBrowser: false }],
  ['--use-device-code with a browser: device code, its page opened', { useDeviceCode: true }, { flow: 'device', openBrowser: true }],
  ['--use-device-code --no-browser', { useDeviceCode: true, noBrowser: true }, { flow: 'device', openBrowser: false }],
  ['--no-browser: PKCE, the URL printed', { noBrowser: true }, { flow: 'pkce', openBrowser: false, deviceFallback: false }],
  ['--no-browser without a browser still prints the PKCE URL', { noBrowser: true, browser: false }, { flow: 'pkce', openBrowser: false, deviceFallback: false }],
  ['auto-login, no terminal, a browser: PKCE with no fallback (no one would see a code)', { userSeesText: false }, { flow: 'pkce', openBrowser: true, deviceFallback: false }],
  ['auto-login, a terminal, no browser: device code on the terminal', { browser: false }, { flow: 'device', openBrowser: false }],
  ['auto-login, no terminal, no browser: nothing can reach the user', { browser: false, userSeesText: false }, { flow: 'none' }],
])('%s', (_name, inputs, expected) => {
  const { why, ...choice } = chooseLoginFlow({ ...base, ...inputs });
  expect(choice).toEqual(expected);
  expect(why.length).toBeGreaterThan(0);
});
