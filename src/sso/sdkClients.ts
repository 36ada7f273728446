// The AWS SDK clients, loaded only when a call is about to be made (they cost tens of ms to load).

import { ATTEMPT_TIMEOUT_MS, CONNECT_TIMEOUT_MS, MAX_ATTEMPTS } from './callPolicy.ts';

/**
 * On Node < 22 the SDK prints a NodeVersionSupportWarning to stderr on the first call. Our stderr is for our own
 * paragraph; the Node floor is ours to document (README), not the SDK's to announce to every caller.
 */
function quietSdk(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}

/** Everything that decides where and how long a call goes is set here, not picked up from the environment. */
export function clientOptions(region: string, endpoint: string) {
  return {
    region,
    endpoint,
    maxAttempts: MAX_ATTEMPTS,
    retryMode: 'standard',
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
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
