// SSO-OIDC CreateToken with the refresh_token grant: what `aws sso login`'s refresh does.

import type { RefreshGrant } from '../token/cachedToken.ts';
import { CALL_DEADLINE_MS } from './callPolicy.ts';
import type { Endpoint } from './endpoints.ts';
import { clientOptions, loadSsoOidc } from './sdkClients.ts';
import { classifySdkError, SsoCallError } from './ssoCallError.ts';

export interface RefreshResult {
  readonly accessToken: string;
  readonly expiresAt: Date;
  readonly refreshToken: string | undefined;
}

export async function refreshAccessToken(endpoint: Endpoint, region: string, grant: RefreshGrant, now: () => Date): Promise<RefreshResult> {
  const { SSOOIDCClient, CreateTokenCommand } = await loadSsoOidc();
  const client = new SSOOIDCClient(clientOptions(region, endpoint.url));
  try {
    const out = await client.send(
      new CreateTokenCommand({
        clientId: grant.clientId,
        clientSecret: grant.clientSecret,
        grantType: 'refresh_token',
        refreshToken: grant.refreshToken,
      }),
      { abortSignal: AbortSignal.timeout(CALL_DEADLINE_MS) },
    );
    return validateRefresh(out, now(), endpoint.url);
  } catch (error) {
    throw classifySdkError(error, endpoint.url);
  } finally {
    client.destroy();
  }
}

/** Validated where it enters: a token we would write to the shared cache must be complete. */
export function validateRefresh(out: { accessToken?: string; expiresIn?: number; refreshToken?: string }, now: Date, endpoint: string): RefreshResult {
  if (typeof out.accessToken !== 'string' || out.accessToken === '' || typeof out.expiresIn !== 'number' || !(out.expiresIn > 0)) {
    throw new SsoCallError('invalid-response', `${endpoint} answered CreateToken without an access token and its lifetime`);
  }
  return {
    accessToken: out.accessToken,
    expiresAt: new Date(now.getTime() + out.expiresIn * 1000),
    refreshToken: typeof out.refreshToken === 'string' && out.refreshToken !== '' ? out.refreshToken : undefined,
  };
}
