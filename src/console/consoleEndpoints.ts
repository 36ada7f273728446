// Where a console sign-in goes for a region: the partition's federation endpoint and console (aws-sso-util's
// console.py keeps the same table), or KEYRACK_CP_FEDERATION_ENDPOINT for tests and private endpoints. Pure.

import { configError } from '../errors.ts';
import { checkEndpoint, type Endpoint } from '../sso/endpoints.ts';

export interface ConsoleEndpoints {
  /** getSigninToken and the login URL both go here. */
  readonly federation: Endpoint;
  /** The console's home in the region: where a sign-in lands without --destination. */
  readonly home: string;
  readonly partition: string;
}

export const FEDERATION_ENDPOINT_VARIABLE = 'KEYRACK_CP_FEDERATION_ENDPOINT';

/**
 * Each partition has its own sign-in service and console. The global endpoint of each serves every region of it
 * (the IAM User Guide's "custom identity broker" example uses signin.aws.amazon.com for all commercial regions); the
 * console is opened in the region itself. The isolated partitions (us-iso*, eu-isoe, eusc) publish no federation
 * endpoint we could test against, so they are refused rather than guessed.
 */
function partitionOf(region: string): { partition: string; signin: string; console: string } | null {
  if (region.startsWith('cn-')) return { partition: 'aws-cn', signin: 'https://signin.amazonaws.cn/federation', console: 'https://console.amazonaws.cn' };
  if (region.startsWith('us-gov-')) return { partition: 'aws-us-gov', signin: 'https://signin.amazonaws-us-gov.com/federation', console: 'https://console.amazonaws-us-gov.com' };
  if (/^(us-iso|eu-isoe-|eusc-)/.test(region)) return null;
  return { partition: 'aws', signin: 'https://signin.aws.amazon.com/federation', console: `https://${region}.console.aws.amazon.com` };
}

export function resolveConsoleEndpoints(region: string, env: NodeJS.ProcessEnv, subject: string): ConsoleEndpoints {
  const p = partitionOf(region);
  if (!p) {
    throw configError(subject, `region ${region} is in an isolated partition, whose console sign-in keyrack-cp does not know`, 'Sign in to that console the way your organisation provides.');
  }
  const override = env[FEDERATION_ENDPOINT_VARIABLE]?.trim();
  // The role credentials and the sign-in token travel to it: https, or plain http only to this machine.
  const federation = override
    ? checkEndpoint({ url: override, source: FEDERATION_ENDPOINT_VARIABLE }, subject, 'the role credentials')
    : { url: p.signin, source: 'default' };
  return { federation, home: `${p.console}/console/home?region=${encodeURIComponent(region)}`, partition: p.partition };
}

/**
 * --destination: an https URL as it is, or a path on the region's console (`/s3/home`), which keeps the region
 * unless the path names one. Anything else is refused (exit 2): the sign-in would send the user there.
 */
export function resolveDestination(option: string | undefined, endpoints: ConsoleEndpoints, region: string): string {
  if (option === undefined) return endpoints.home;
  if (option.startsWith('/') && !option.startsWith('//')) {
    const url = new URL(option, endpoints.home);
    if (!url.searchParams.has('region')) url.searchParams.set('region', region);
    return url.toString();
  }
  let url: URL | undefined;
  try {
    url = new URL(option);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') {
    throw configError('usage', `--destination '${option}' is neither an https URL nor a console path`, 'Give a console URL (https://…) or a path such as /s3/home.');
  }
  return url.toString();
}
