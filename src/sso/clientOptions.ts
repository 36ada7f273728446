// How every SDK client is configured: where and how long its calls go, set here rather than picked up from the
// environment or the shared files.

import { ATTEMPT_TIMEOUT_MS, CONNECT_TIMEOUT_MS, MAX_ATTEMPTS } from './callPolicy.ts';

/**
 * Every setting the SDK would otherwise look up is given, so it never reads ~/.aws/config or ~/.aws/credentials
 * itself: we have already read them our way, and its own read would block forever on a FIFO there, parse a huge
 * file a second time, or (defaults_mode = auto) query the EC2 metadata service.
 */
export function clientOptions(region: string, endpoint: string) {
  quietSdk();
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

/**
 * On Node < 22 the SDK prints a NodeVersionSupportWarning to stderr on the first call. Our stderr is for our own
 * paragraph; the Node floor is ours to document (README), not the SDK's to announce to every caller.
 */
function quietSdk(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
}
