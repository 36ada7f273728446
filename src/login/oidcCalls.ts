// The three SSO-OIDC calls of a sign-in (reference §6): RegisterClient, StartDeviceAuthorization, CreateToken.
// Answers are validated where they enter; the answers a flow expects (pending, slow_down, …) come back as values.

import { CALL_DEADLINE_MS } from '../sso/callPolicy.ts';
import { clientOptions, loadSsoOidc } from '../sso/sdkClients.ts';
import { classifySdkError, SsoCallError } from '../sso/ssoCallError.ts';
import type { DevicePollAnswer } from './devicePolling.ts';
import type { Registration } from './registrationEntry.ts';

export interface RegisterRequest {
  readonly clientName: string;
  readonly scopes: readonly string[];
  /** Only the browser flow names grant types and redirect URIs (the device flow registers as the CLI does). */
  readonly grantTypes?: readonly string[];
  readonly redirectUris?: readonly string[];
  readonly issuerUrl?: string;
}

export interface DeviceAuthorization {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete: string;
  readonly expiresInSeconds: number | undefined;
  readonly intervalSeconds: number | undefined;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresInSeconds: number;
  readonly refreshToken: string | undefined;
}

export type TokenGrant =
  | { readonly grantType: 'urn:ietf:params:oauth:grant-type:device_code'; readonly deviceCode: string }
  | { readonly grantType: 'authorization_code'; readonly code: string; readonly redirectUri: string; readonly codeVerifier: string };

export type TokenAnswer = { readonly kind: 'token'; readonly token: IssuedToken } | { readonly kind: DevicePollAnswer };

/** What a login needs from SSO-OIDC; unexpected failures throw SsoCallError. */
export interface OidcCalls {
  registerClient(request: RegisterRequest): Promise<Registration>;
  startDeviceAuthorization(client: { clientId: string; clientSecret: string }, startUrl: string): Promise<DeviceAuthorization>;
  createToken(client: { clientId: string; clientSecret: string }, grant: TokenGrant): Promise<TokenAnswer>;
}

/** The OAuth answers a flow handles itself; every other error is the caller's to classify. */
const FLOW_ANSWERS: Readonly<Record<string, DevicePollAnswer>> = {
  AuthorizationPendingException: 'pending',
  SlowDownException: 'slow-down',
  ExpiredTokenException: 'expired',
  AccessDeniedException: 'denied',
};

type SsoOidcSdk = typeof import('@aws-sdk/client-sso-oidc');
type SsoOidcClient = InstanceType<SsoOidcSdk['SSOOIDCClient']>;

export function createOidcCalls(endpoint: string, region: string): OidcCalls {
  const deadline = () => ({ abortSignal: AbortSignal.timeout(CALL_DEADLINE_MS) });
  /** One client per call, destroyed after it: a keep-alive socket must not hold the process open. */
  async function call<T>(run: (sdk: SsoOidcSdk, client: SsoOidcClient) => Promise<T>): Promise<T> {
    const sdk = await loadSsoOidc();
    const client = new sdk.SSOOIDCClient(clientOptions(region, endpoint));
    try {
      return await run(sdk, client);
    } finally {
      client.destroy();
    }
  }

  return {
    registerClient: (request) =>
      call(async (sdk, client) => {
        try {
          const out = await client.send(
            new sdk.RegisterClientCommand({
              clientName: request.clientName,
              clientType: 'public',
              scopes: [...request.scopes],
              ...(request.grantTypes ? { grantTypes: [...request.grantTypes] } : {}),
              ...(request.redirectUris ? { redirectUris: [...request.redirectUris] } : {}),
              ...(request.issuerUrl ? { issuerUrl: request.issuerUrl } : {}),
            }),
            deadline(),
          );
          if (!out.clientId || !out.clientSecret || typeof out.clientSecretExpiresAt !== 'number') {
            throw new SsoCallError('invalid-response', `${endpoint} answered RegisterClient without a client id, secret and expiry`);
          }
          return {
            clientId: out.clientId,
            clientSecret: out.clientSecret,
            expiresAt: new Date(out.clientSecretExpiresAt * 1000),
            scopes: [...request.scopes],
            grantTypes: [...(request.grantTypes ?? [])],
          };
        } catch (error) {
          throw classifySdkError(error, endpoint);
        }
      }),

    startDeviceAuthorization: (registered, startUrl) =>
      call(async (sdk, client) => {
        try {
          const out = await client.send(
            new sdk.StartDeviceAuthorizationCommand({ clientId: registered.clientId, clientSecret: registered.clientSecret, startUrl }),
            deadline(),
          );
          if (!out.deviceCode || !out.userCode || !out.verificationUri) {
            throw new SsoCallError('invalid-response', `${endpoint} answered StartDeviceAuthorization without a device code, user code and verification URL`);
          }
          return {
            deviceCode: out.deviceCode,
            userCode: out.userCode,
            verificationUri: out.verificationUri,
            verificationUriComplete: out.verificationUriComplete || out.verificationUri,
            expiresInSeconds: out.expiresIn,
            intervalSeconds: out.interval,
          };
        } catch (error) {
          throw classifySdkError(error, endpoint);
        }
      }),

    createToken: (registered, grant) =>
      call(async (sdk, client) => {
        try {
          const out = await client.send(
            new sdk.CreateTokenCommand({ clientId: registered.clientId, clientSecret: registered.clientSecret, ...grant }),
            deadline(),
          );
          if (typeof out.accessToken !== 'string' || out.accessToken === '' || typeof out.expiresIn !== 'number' || !(out.expiresIn > 0)) {
            throw new SsoCallError('invalid-response', `${endpoint} answered CreateToken without an access token and its lifetime`);
          }
          const refreshToken = typeof out.refreshToken === 'string' && out.refreshToken !== '' ? out.refreshToken : undefined;
          return { kind: 'token', token: { accessToken: out.accessToken, expiresInSeconds: out.expiresIn, refreshToken } };
        } catch (error) {
          const name = (error as { name?: unknown } | null)?.name;
          const answer = typeof name === 'string' ? FLOW_ANSWERS[name] : undefined;
          if (answer) return { kind: answer };
          throw classifySdkError(error, endpoint);
        }
      }),
  };
}
