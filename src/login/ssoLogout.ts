// SSO portal Logout: ends the sign-in session at the service, so its access and refresh tokens stop working.

import { CALL_DEADLINE_MS } from '../sso/callPolicy.ts';
import type { Endpoint } from '../sso/endpoints.ts';
import { clientOptions, loadSso } from '../sso/sdkClients.ts';
import { classifySdkError } from '../sso/ssoCallError.ts';

/** Throws SsoCallError. */
export async function callSsoLogout(endpoint: Endpoint, region: string, accessToken: string): Promise<void> {
  const { SSOClient, LogoutCommand } = await loadSso();
  const client = new SSOClient(clientOptions(region, endpoint.url));
  try {
    await client.send(new LogoutCommand({ accessToken }), { abortSignal: AbortSignal.timeout(CALL_DEADLINE_MS) });
  } catch (error) {
    throw classifySdkError(error, endpoint.url);
  } finally {
    client.destroy();
  }
}
