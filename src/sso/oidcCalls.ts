// The SSO-OIDC calls (reference §6): RegisterClient, StartDeviceAuthorization and CreateToken, for a sign-in and for
// the refresh. Loaded with import() by their callers: the SSO-OIDC client is compiled only by a run that signs in or
// refreshes, and never for a portal call (portalCalls.ts). Answers are validated where they enter; the answers a
// device flow expects (pending, slow_down, …) come back as values.

import { CreateTokenCommand, RegisterClientCommand, SSOOIDCClient, StartDeviceAuthorizationCommand } from '@aws-sdk/client-sso-oidc';
import { callService } from './callService.ts';
import { clientOptions } from './clientOptions.ts';
import { validateDeviceAuthorization, validateIssuedToken, validateRegistration, type DeviceAuthorization, type IssuedToken, type Registration } from './validateResponses.ts';

export interface RegisterRequest {
  readonly clientName: string;
  readonly scopes: readonly string[];
  /** Only the browser flow names grant types and redirect URIs (the device flow registers as the CLI does). */
  readonly grantTypes?: readonly string[];
  readonly redirectUris?: readonly string[];
  readonly issuerUrl?: string;
}

export interface OidcClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

export type TokenGrant =
  | { readonly grantType: 'refresh_token'; readonly refreshToken: string }
  | { readonly grantType: 'urn:ietf:params:oauth:grant-type:device_code'; readonly deviceCode: string }
  | { readonly grantType: 'authorization_code'; readonly code: string; readonly redirectUri: string; readonly codeVerifier: string };

/** RFC 8628 §3.5: what a sign-in's CreateToken can hear instead of a token. */
export type DevicePollAnswer = 'pending' | 'slow-down' | 'expired' | 'denied';

export type TokenAnswer = { readonly kind: 'token'; readonly token: IssuedToken } | { readonly kind: DevicePollAnswer };

/** The OAuth answers a device flow handles itself; every other error is a failure. */
const DEVICE_POLL_ANSWERS: Readonly<Record<string, DevicePollAnswer>> = {
  AuthorizationPendingException: 'pending',
  SlowDownException: 'slow-down',
  ExpiredTokenException: 'expired',
  AccessDeniedException: 'denied',
};

/** What a sign-in needs from SSO-OIDC at one endpoint and region; failures throw SsoCallError. */
export interface OidcCalls {
  registerClient(request: RegisterRequest): Promise<Registration>;
  startDeviceAuthorization(client: OidcClientCredentials, startUrl: string): Promise<DeviceAuthorization>;
  createToken(client: OidcClientCredentials, grant: TokenGrant): Promise<TokenAnswer>;
}

export function createOidcCalls(endpoint: string, region: string): OidcCalls {
  const client = () => new SSOOIDCClient(clientOptions(region, endpoint));
  return {
    async registerClient(request) {
      const out = await callService({
        endpoint,
        client,
        send: (c, options) =>
          c.send(
            new RegisterClientCommand({
              clientName: request.clientName,
              clientType: 'public',
              scopes: [...request.scopes],
              ...(request.grantTypes ? { grantTypes: [...request.grantTypes] } : {}),
              ...(request.redirectUris ? { redirectUris: [...request.redirectUris] } : {}),
              ...(request.issuerUrl ? { issuerUrl: request.issuerUrl } : {}),
            }),
            options,
          ),
      });
      return validateRegistration(out, request, endpoint);
    },

    async startDeviceAuthorization(registered, startUrl) {
      const out = await callService({
        endpoint,
        client,
        send: (c, options) => c.send(new StartDeviceAuthorizationCommand({ clientId: registered.clientId, clientSecret: registered.clientSecret, startUrl }), options),
      });
      return validateDeviceAuthorization(out, endpoint);
    },

    async createToken(registered, grant) {
      return callService<SSOOIDCClient, TokenAnswer>({
        endpoint,
        client,
        send: async (c, options) => {
          const out = await c.send(new CreateTokenCommand({ clientId: registered.clientId, clientSecret: registered.clientSecret, ...grant }), options);
          return { kind: 'token', token: validateIssuedToken(out, endpoint) };
        },
        // A sign-in's grants hear these as answers (pending, slow down, denied, a code that expired); for a refresh
        // they are failures: a refused refresh is 'unauthorized', a login fixes it.
        answer: (error) => {
          if (grant.grantType === 'refresh_token') return undefined;
          const name = (error as { name?: unknown } | null)?.name;
          const kind = typeof name === 'string' ? DEVICE_POLL_ANSWERS[name] : undefined;
          return kind ? { kind } : undefined;
        },
      });
    },
  };
}

/** The refresh_token grant, what `aws sso login`'s refresh does: a new token, or SsoCallError. */
export async function refreshTokenCall(endpoint: string, region: string, grant: OidcClientCredentials & { refreshToken: string }): Promise<IssuedToken> {
  const answer = await createOidcCalls(endpoint, region).createToken(grant, { grantType: 'refresh_token', refreshToken: grant.refreshToken });
  if (answer.kind !== 'token') throw new Error(`unreachable: a refresh_token grant has no '${answer.kind}' answer`);
  return answer.token;
}
