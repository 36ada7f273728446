// The token file a sign-in writes: what `aws sso login` writes, key for key and in its order (reference §3.2,
// Appendix A), so the AWS CLI and every SDK use it at once. Pure.

import type { SsoSession } from '../config/ssoProfile.ts';
import { formatAwsTimestamp } from '../token/awsTimestamp.ts';
import type { IssuedToken, Registration } from '../sso/validateResponses.ts';
import { issuedTokenExpiry } from '../token/tokenStore.ts';

export function loginTokenDocument(session: SsoSession, token: IssuedToken, registration: Registration, now: Date): Record<string, unknown> {
  return {
    // The configured start URL and region: they are what readers compare, not a resolved vanity URL.
    startUrl: session.startUrl,
    region: session.region,
    accessToken: token.accessToken,
    expiresAt: formatAwsTimestamp(issuedTokenExpiry(token, now)),
    clientId: registration.clientId,
    clientSecret: registration.clientSecret,
    registrationExpiresAt: formatAwsTimestamp(registration.expiresAt),
    // Only when one was issued: without it the session cannot refresh, and readers check for its presence.
    ...(token.refreshToken ? { refreshToken: token.refreshToken } : {}),
  };
}
