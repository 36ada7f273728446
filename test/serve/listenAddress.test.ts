// --listen ADDRESS:PORT, the URL printed for it, and the warning for an address that is not loopback.

import { expect, test } from 'vitest';
import { KeyrackError } from '../../src/errors.ts';
import { DEFAULT_LISTEN, endpointUrl, exposureWarning, parseListenAddress, type ListenAddress } from '../../src/serve/listenAddress.ts';

test.each<[string, ListenAddress, string]>([
  ['127.0.0.1:9911', { host: '127.0.0.1', port: 9911, loopback: true }, 'http://127.0.0.1:9911/credentials'],
  ['127.0.0.2:0', { host: '127.0.0.2', port: 0, loopback: true }, 'http://127.0.0.2:0/credentials'],
  ['[::1]:8080', { host: '::1', port: 8080, loopback: true }, 'http://[::1]:8080/credentials'],
  ['[0:0:0:0:0:0:0:1]:8080', { host: '::1', port: 8080, loopback: true }, 'http://[::1]:8080/credentials'],
  ['0.0.0.0:9911', { host: '0.0.0.0', port: 9911, loopback: false }, 'http://127.0.0.1:9911/credentials'],
  ['[::]:9911', { host: '::', port: 9911, loopback: false }, 'http://[::1]:9911/credentials'],
  ['172.17.0.1:9911', { host: '172.17.0.1', port: 9911, loopback: false }, 'http://172.17.0.1:9911/credentials'],
  ['169.254.170.2:80', { host: '169.254.170.2', port: 80, loopback: false }, 'http://169.254.170.2:80/credentials'],
])('%s', (text, address, url) => {
  expect(parseListenAddress(text)).toEqual(address);
  expect(endpointUrl(address.host, address.port, '/credentials')).toBe(url);
});

test.each(['localhost:9911', '127.0.0.1', ':9911', '127.0.0.1:65536', '256.0.0.1:1', '::1:80', '[127.0.0.1]:80', '127.0.0.1:80x', '[::1]', 'a\u001b[2J:1'])(
  '%j is refused (exit 2), naming the form to use',
  (text) => {
    try {
      parseListenAddress(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(KeyrackError);
      expect((error as KeyrackError).exitCode).toBe(2);
      expect((error as KeyrackError).describe()).toMatch(/is not an IP address and port\. Give it as ADDRESS:PORT, e\.g\. --listen 127\.0\.0\.1:9911/);
      expect((error as KeyrackError).describe()).not.toContain('\u001b');
    }
  },
);

test('the default is loopback, on a free port', () => {
  expect(DEFAULT_LISTEN).toEqual({ host: '127.0.0.1', port: 0, loopback: true });
});

test('the warning says who can reach it, what travels in clear, and what to prefer', () => {
  const warning = exposureWarning(parseListenAddress('0.0.0.0:9911'), "profile 'dev'");
  expect(warning).toMatch(/^listening on 0\.0\.0\.0:9911, which is not a loopback address: any host or container that can reach it there and has the token gets the role credentials of profile 'dev'/);
  expect(warning).toMatch(/in clear \(plain http\)/);
  expect(warning).toMatch(/--network host/);
  expect(exposureWarning(parseListenAddress('[::]:1'), "profile 'dev'")).toMatch(/^listening on \[::\]:1,/);
});
