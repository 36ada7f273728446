// The AWS SDK clients, loaded only when a call is about to be made (they cost tens of ms to load).

import { ATTEMPT_TIMEOUT_MS, CONNECT_TIMEOUT_MS, MAX_ATTEMPTS } from './callPolicy.ts';

/**
 * On Node < 22 the SDK prints a NodeVersionSupportWarning to stderr on the first call. Our stderr is for our own
 * paragraph; the Node floor is ours to document (README), not the SDK's to announce to every caller.
 */
function quietSdk(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}

/**
 * Everything that decides where and how long a call goes is set here, not picked up from the environment. Every
 * setting the SDK would otherwise look up is given, so it never reads ~/.aws/config or ~/.aws/credentials itself:
 * we have already read them our way, and its own read would block forever on a FIFO there, parse a huge file a
 * second time, or (defaults_mode = auto) query the EC2 metadata service.
 */
export function clientOptions(region: string, endpoint: string) {
  return {
    region,
    endpoint,
    maxAttempts: MAX_ATTEMPTS,
    retryMode: 'standard',
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    defaultsMode: 'legacy' as const, // the SDK's own default; its timeouts and retries are overridden here anyway
    authSchemePreference: [],
    userAgentAppId: '', // empty: no app id in the User-Agent, as when sdk_ua_app_id is unset
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: ATTEMPT_TIMEOUT_MS },
  };
}

export async function loadSso() {
  quietSdk();
  return import('@aws-sdk/client-sso');
}

export async function loadSsoOidc() {
  quietSdk();
  return import('@aws-sdk/client-sso-oidc');
}
