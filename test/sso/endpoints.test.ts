import { expect, test } from 'vitest';
import { resolveSsoEndpoints } from '../../src/sso/endpoints.ts';
import { awsConfig, goodProfile } from '../helpers/awsConfig.ts';

const resolve = (env: NodeJS.ProcessEnv, profile: Record<string, string> = {}, region = 'us-east-1', services = {}) =>
  resolveSsoEndpoints(awsConfig({ profiles: { p: { ...goodProfile, ...profile } }, services }), 'p', region, env, "profile 'p'");

test.each<[string, NodeJS.ProcessEnv, Record<string, string>, string, string, string]>([
  ['default hosts', {}, {}, 'us-east-1', 'https://portal.sso.us-east-1.amazonaws.com', 'https://oidc.us-east-1.amazonaws.com'],
  ['China', {}, {}, 'cn-north-1', 'https://portal.sso.cn-north-1.amazonaws.com.cn', 'https://oidc.cn-north-1.amazonaws.com.cn'],
  ['EU sovereign cloud', {}, {}, 'eusc-de-east-1', 'https://portal.sso.eusc-de-east-1.amazonaws.eu', 'https://oidc.eusc-de-east-1.amazonaws.eu'],
  ['FIPS from env', { AWS_USE_FIPS_ENDPOINT: 'true' }, {}, 'us-east-1', 'https://portal.sso-fips.us-east-1.amazonaws.com', 'https://oidc-fips.us-east-1.amazonaws.com'],
  ['FIPS in GovCloud keeps the normal host', {}, { use_fips_endpoint: 'true' }, 'us-gov-west-1', 'https://portal.sso.us-gov-west-1.amazonaws.com', 'https://oidc.us-gov-west-1.amazonaws.com'],
  ['per-service variables', { AWS_ENDPOINT_URL_SSO: 'http://127.0.0.1:9/', AWS_ENDPOINT_URL_SSO_OIDC: 'http://localhost:8' }, {}, 'us-east-1', 'http://127.0.0.1:9/', 'http://localhost:8'],
  ['global variable', { AWS_ENDPOINT_URL: 'https://proxy.example' }, {}, 'us-east-1', 'https://proxy.example', 'https://proxy.example'],
  ['per-service wins over global', { AWS_ENDPOINT_URL: 'https://g.example', AWS_ENDPOINT_URL_SSO: 'https://s.example' }, {}, 'us-east-1', 'https://s.example', 'https://g.example'],
  ['profile endpoint_url', {}, { endpoint_url: 'https://p.example' }, 'us-east-1', 'https://p.example', 'https://p.example'],
  ['ignore switch in env', { AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true', AWS_ENDPOINT_URL: 'https://g.example' }, {}, 'us-east-1', 'https://portal.sso.us-east-1.amazonaws.com', 'https://oidc.us-east-1.amazonaws.com'],
  ['ignore switch in the profile', { AWS_ENDPOINT_URL: 'https://g.example' }, { ignore_configured_endpoint_urls: 'true' }, 'us-east-1', 'https://portal.sso.us-east-1.amazonaws.com', 'https://oidc.us-east-1.amazonaws.com'],
  ['IPv6 loopback over http', { AWS_ENDPOINT_URL: 'http://[::1]:4000' }, {}, 'us-east-1', 'http://[::1]:4000', 'http://[::1]:4000'],
])('%s', (_name, env, profile, region, portal, oidc) => {
  const endpoints = resolve(env, profile, region);
  expect(endpoints.portal.url).toBe(portal);
  expect(endpoints.oidc.url).toBe(oidc);
});

test('a [services] section supplies sso and sso_oidc', () => {
  const endpoints = resolve({}, { services: 'local', endpoint_url: 'https://ignored.example' }, 'us-east-1', {
    local: { sso: { endpoint_url: 'https://sso.example' }, sso_oidc: { endpoint_url: 'https://oidc.example' } },
  });
  expect([endpoints.portal.url, endpoints.portal.source, endpoints.oidc.url]).toEqual(['https://sso.example', '[services local] sso.endpoint_url', 'https://oidc.example']);
});

test.each<[string, NodeJS.ProcessEnv, Record<string, string>, RegExp]>([
  ['plain http to another host', { AWS_ENDPOINT_URL_SSO: 'http://sso.example.com' }, {}, /from AWS_ENDPOINT_URL_SSO would send the SSO access token over plain http/],
  ['plain http to a private address', { AWS_ENDPOINT_URL: 'http://10.0.0.5:8080' }, {}, /over plain http/],
  ['a look-alike loopback name', { AWS_ENDPOINT_URL: 'http://127.0.0.1.evil.example' }, {}, /over plain http/],
  ['not a URL', { AWS_ENDPOINT_URL_SSO_OIDC: 'localhost:8080/x' }, {}, /over localhost:|not a URL/],
  ['missing services section', {}, { services: 'nope' }, /no \[services nope\] section/],
])('refused: %s (exit 2)', (_name, env, profile, message) => {
  expect(() => resolve(env, profile)).toThrow(message);
});
