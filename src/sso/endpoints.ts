// Where the SSO portal and SSO-OIDC calls go, by the same settings the AWS SDKs read. Pure.

import { configError } from '../errors.ts';
import type { AwsConfig } from '../config/types.ts';

export interface Endpoint {
  readonly url: string;
  /** Where it came from, for messages: "AWS_ENDPOINT_URL_SSO", "[services local] sso", "default". */
  readonly source: string;
}
export interface SsoEndpoints {
  readonly portal: Endpoint;
  readonly oidc: Endpoint;
}

const SERVICES = {
  portal: { env: 'AWS_ENDPOINT_URL_SSO', servicesKey: 'sso', host: 'portal.sso', fipsHost: 'portal.sso-fips' },
  oidc: { env: 'AWS_ENDPOINT_URL_SSO_OIDC', servicesKey: 'sso_oidc', host: 'oidc', fipsHost: 'oidc-fips' },
} as const;

/** Partition DNS suffixes of the regions IAM Identity Center runs in (botocore's endpoint rules). */
function dnsSuffix(region: string): string {
  if (region.startsWith('cn-')) return 'amazonaws.com.cn';
  if (region.startsWith('us-isob-')) return 'sc2s.sgov.gov';
  if (region.startsWith('us-isof-')) return 'csp.hci.ic.gov';
  if (region.startsWith('us-iso-')) return 'c2s.ic.gov';
  if (region.startsWith('eu-isoe-')) return 'cloud.adc-e.uk';
  if (region.startsWith('eusc-')) return 'amazonaws.eu';
  return 'amazonaws.com';
}

const truthy = (v: unknown) => typeof v === 'string' && v.trim().toLowerCase() === 'true';

/**
 * botocore's order: AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's `services` section, the profile's
 * `endpoint_url`; all of it off with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS. Then the regional host (FIPS if asked).
 */
export function resolveSsoEndpoints(
  config: AwsConfig,
  profileName: string,
  region: string,
  env: NodeJS.ProcessEnv,
  subject: string,
): SsoEndpoints {
  const profile = config.profiles.get(profileName);
  const ignore = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS !== undefined
    ? truthy(env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS)
    : truthy(profile?.get('ignore_configured_endpoint_urls'));
  const fips = env.AWS_USE_FIPS_ENDPOINT !== undefined ? truthy(env.AWS_USE_FIPS_ENDPOINT) : truthy(profile?.get('use_fips_endpoint'));

  const servicesName = profile?.get('services');
  const services = typeof servicesName === 'string' ? config.services.get(servicesName) : undefined;
  if (!ignore && typeof servicesName === 'string' && !services) {
    throw configError(subject, `uses services = ${servicesName}, but there is no [services ${servicesName}] section`, `Add the section or remove the services line from the profile.`);
  }

  const pick = (which: keyof typeof SERVICES): Endpoint => {
    const s = SERVICES[which];
    if (!ignore) {
      const candidates: Array<[unknown, string]> = [
        [env[s.env], s.env],
        [env.AWS_ENDPOINT_URL, 'AWS_ENDPOINT_URL'],
        [nestedValue(services?.get(s.servicesKey), 'endpoint_url'), `[services ${String(servicesName)}] ${s.servicesKey}.endpoint_url`],
        [profile?.get('endpoint_url'), 'the profile\'s endpoint_url'],
      ];
      for (const [value, source] of candidates) {
        if (typeof value === 'string' && value.trim() !== '') return checkEndpoint({ url: value.trim(), source }, subject, 'the SSO access token');
      }
    }
    const gov = region.startsWith('us-gov-');
    const host = fips && !gov ? s.fipsHost : s.host;
    return { url: `https://${host}.${region}.${dnsSuffix(region)}`, source: 'default' };
  };
  return { portal: pick('portal'), oidc: pick('oidc') };
}

function nestedValue(block: unknown, key: string): unknown {
  return block instanceof Map ? block.get(key) : undefined;
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|\[::1\]|localhost)$/i;

/**
 * An endpoint that secrets travel to (bearer tokens, refresh tokens and client secrets to the SSO services; role
 * credentials and the sign-in token to the federation endpoint): https, or plain http only to this machine.
 */
export function checkEndpoint(endpoint: Endpoint, subject: string, secret: string): Endpoint {
  let url: URL;
  try {
    url = new URL(endpoint.url);
  } catch {
    throw configError(subject, `the endpoint '${endpoint.url}' from ${endpoint.source} is not a URL`, 'Fix or unset it.');
  }
  if (url.protocol === 'https:') return endpoint;
  if (url.protocol === 'http:' && LOOPBACK.test(url.hostname)) return endpoint;
  throw configError(
    subject,
    `the endpoint '${endpoint.url}' from ${endpoint.source} would send ${secret} ${url.protocol === 'http:' ? 'over plain http' : `over ${url.protocol}`} to another host`,
    'Use an https URL (plain http is accepted only for 127.0.0.1, ::1 or localhost).',
  );
}
