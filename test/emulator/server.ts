// The emulator's HTTP side: one loopback server for the SSO portal, SSO-OIDC and STS, routed by method and path,
// with a call log and fault injection in front of every operation, and the test-facing Emulator object.

import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { approveDevice, authorize } from './browser.ts';
import { controlApi } from './control.ts';
import { checkOperation, FaultPlan, type Fault, type Operation } from './faults.ts';
import { federationLogin, getSigninToken } from './federation.ts';
import { createToken, registerClient, startDeviceAuthorization } from './oidc.ts';
import { getRoleCredentials, listAccountRoles, listAccounts, logout } from './portal.ts';
import { accessKeyIdOf, getCallerIdentity, queryParams } from './sts.ts';
import {
  DEFAULT_REGION, DEFAULT_SETTINGS, DEFAULT_START_URL, EmulatorState, GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN,
  type IssuedRoleCredentials, type IssuedSigninToken, type IssuedTokens, type Settings,
} from './state.ts';
import { RateLimits, type RateLimit } from './throttle.ts';
import type { SeededLogin } from './tokenCache.ts';
import {
  defaultFaultBody, jsonResponse, portalError, stsError, unknownRoute, WireResponse, type ServiceFamily, type WireRequest,
} from './wire.ts';

export interface EmulatorOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  accessTokenTtlSeconds?: number;
  roleCredentialTtlSeconds?: number;
  deviceIntervalSeconds?: number;
  deviceCodeTtlSeconds?: number;
  clientRegistrationTtlSeconds?: number;
  /** Who the emulator's browser is signed in as. */
  user?: string;
  /** Epoch-ms clock for every expiry decision; tests pass their own to move time. */
  now?: () => number;
}

export interface CallRecord {
  readonly operation: string;
  readonly method: string;
  /** The path without the query. */
  readonly path: string;
  /** 499: the client went away during an injected delay; 0: an injected reset. */
  readonly status: number;
  /** When the request arrived, by the emulator's clock. */
  readonly at: number;
  readonly grantType?: string;
  /** STS calls: the access key id the request was signed with, so a test can tell whose credentials a consumer used. */
  readonly accessKeyId?: string;
}

export interface SeedLoginOptions {
  startUrl?: string;
  region?: string;
  /** Negative or zero seeds an already expired token. */
  accessTokenTtlSeconds?: number;
  user?: string;
  /** Negative or zero seeds an expired client registration. */
  registrationTtlSeconds?: number;
}

export interface Emulator {
  readonly url: string;
  close(): Promise<void>;
  /** A logged-in user as if `aws sso login` (auth-code flow) had just run: a client registered for
   * authorization_code + refresh_token, an access token and a refresh token. */
  seedLogin(opts?: SeedLoginOptions): SeededLogin;
  /** Role assignments apply to every user; 111122223333 with ReadOnly and Admin exists from the start. */
  assign(accountId: string, roleName: string, opts?: { accountName?: string }): void;
  /** The next `times` calls of `operation` (every call until cleared if omitted) get `fault` instead. */
  inject(operation: Operation | string, fault: Fault, times?: number): void;
  clearFaults(): void;
  /**
   * From now on `operation` answers 429 TooManyRequestsException to calls beyond `limit` (a token bucket), as a
   * service's rate limit does; null lifts it. reset() lifts every limit.
   */
  throttle(operation: Operation | string, limit: RateLimit | null): void;
  readonly calls: ReadonlyArray<CallRecord>;
  count(operation: string, filter?: { grantType?: string }): number;
  /** What the emulator handed out, so tests can compare a client's output with it. */
  readonly issued: {
    readonly tokens: ReadonlyArray<IssuedTokens>;
    readonly roleCredentials: ReadonlyArray<IssuedRoleCredentials>;
    readonly signinTokens: ReadonlyArray<IssuedSigninToken>;
  };
  /** Forget clients, sessions, tokens, the call log, faults and rate limits; assignments go back to the default. */
  reset(): void;
  /** The next /authorize or /device approval is denied. */
  denyNextAuthorization(): void;
}

interface Route {
  readonly method: string;
  readonly path: string;
  /** The query's `Action`, where one path serves several operations (the federation endpoint's GET). */
  readonly action?: string;
  readonly operation: Operation;
  readonly family: ServiceFamily;
  readonly handle: (req: WireRequest, state: EmulatorState, baseUrl: string) => WireResponse;
}

const ROUTES: readonly Route[] = [
  { method: 'GET', path: '/federation/credentials', operation: 'GetRoleCredentials', family: 'portal', handle: getRoleCredentials },
  { method: 'GET', path: '/assignment/accounts', operation: 'ListAccounts', family: 'portal', handle: listAccounts },
  { method: 'GET', path: '/assignment/roles', operation: 'ListAccountRoles', family: 'portal', handle: listAccountRoles },
  { method: 'POST', path: '/logout', operation: 'Logout', family: 'portal', handle: logout },
  { method: 'POST', path: '/client/register', operation: 'RegisterClient', family: 'oidc', handle: registerClient },
  { method: 'POST', path: '/device_authorization', operation: 'StartDeviceAuthorization', family: 'oidc', handle: startDeviceAuthorization },
  { method: 'POST', path: '/token', operation: 'CreateToken', family: 'oidc', handle: createToken },
  { method: 'GET', path: '/authorize', operation: 'Authorize', family: 'browser', handle: authorize },
  { method: 'GET', path: '/device', operation: 'ApproveDevice', family: 'browser', handle: approveDevice },
  // The Query protocol: every STS action is POST / and names itself in the form body's Action.
  { method: 'POST', path: '/', operation: 'GetCallerIdentity', family: 'sts', handle: getCallerIdentity },
  // The federation endpoint: getSigninToken by GET or by POST (its Action then in the form body), login by GET.
  { method: 'GET', path: '/federation', action: 'getSigninToken', operation: 'GetSigninToken', family: 'federation', handle: getSigninToken },
  { method: 'POST', path: '/federation', operation: 'GetSigninToken', family: 'federation', handle: getSigninToken },
  { method: 'GET', path: '/federation', action: 'login', operation: 'FederationLogin', family: 'federation', handle: federationLogin },
];

const CONTROL_PREFIX = '/__emulator/';
/** A status no server sends: the log's mark for "the client hung up while we were delaying". */
const CLIENT_CLOSED_STATUS = 499;
const RESET_STATUS = 0;

function findRoute(method: string, url: URL): Route | undefined {
  // CreateTokenWithIAM shares POST /token but is SigV4-signed and not what the CLI or SDK logins use.
  if (url.searchParams.has('aws_iam')) return undefined;
  return ROUTES.find((r) => r.method === method && r.path === url.pathname && (r.action === undefined || url.searchParams.get('Action') === r.action));
}

function faultResponse(fault: Exclude<Fault, { kind: 'delay' | 'reset' }>, family: ServiceFamily): WireResponse {
  switch (fault.kind) {
    case 'error':
      return new WireResponse(
        fault.status,
        { 'Content-Type': family === 'sts' ? 'text/xml' : 'application/json', ...(fault.errorType !== undefined ? { 'x-amzn-ErrorType': fault.errorType } : {}) },
        fault.body ?? defaultFaultBody(family, fault.errorType),
      );
    case 'malformed':
      return new WireResponse(200, { 'Content-Type': 'application/json' }, '{"emulator": "malformed respo');
    case 'json':
      return jsonResponse(fault.status ?? 200, fault.body);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('close', () => { if (!req.complete) reject(new Error('client closed the request')); });
  });
}

function send(res: ServerResponse, response: WireResponse): void {
  if (res.destroyed) return;
  res.writeHead(response.status, {
    // STS answers carry their request id in the body too, and set the header to match.
    'x-amzn-RequestId': randomUUID(),
    ...response.headers,
    'Content-Length': Buffer.byteLength(response.body),
  });
  res.end(response.body);
}

/** Resolves true after `ms`, or false as soon as the client's connection closes, so the operation can be dropped. */
function waitWhileConnected(ms: number, res: ServerResponse): Promise<boolean> {
  if (res.destroyed || res.socket?.destroyed !== false) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onClose = () => { clearTimeout(timer); resolve(false); };
    const timer = setTimeout(() => { res.off('close', onClose); resolve(true); }, ms);
    res.once('close', onClose);
  });
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const settings: Settings = {
    ...DEFAULT_SETTINGS,
    ...definedOnly({
      accessTokenTtlSeconds: opts.accessTokenTtlSeconds,
      roleCredentialTtlSeconds: opts.roleCredentialTtlSeconds,
      deviceIntervalSeconds: opts.deviceIntervalSeconds,
      deviceCodeTtlSeconds: opts.deviceCodeTtlSeconds,
      clientRegistrationTtlSeconds: opts.clientRegistrationTtlSeconds,
      user: opts.user,
      now: opts.now,
    }),
  };
  const state = new EmulatorState(settings);
  const faults = new FaultPlan();
  const limits = new RateLimits();
  const callLog: CallRecord[] = [];
  let baseUrl = '';

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = state.now();
    const method = req.method ?? 'GET';
    // Appended rather than resolved, so a path starting with // stays a path instead of naming a host.
    const target = req.url ?? '/';
    const url = target.startsWith('/') ? new URL(`${baseUrl}${target}`) : new URL(target, baseUrl);
    const route = findRoute(method, url);
    const accessKeyId = route?.family === 'sts' ? accessKeyIdOf(req) : undefined;
    const log = (operation: string, status: number, grantType?: string) => callLog.push({
      operation, method, path: url.pathname, status, at,
      ...(grantType !== undefined ? { grantType } : {}),
      ...(accessKeyId !== undefined ? { accessKeyId } : {}),
    });

    let body: string;
    try {
      body = await readBody(req);
    } catch {
      if (route) log(route.operation, CLIENT_CLOSED_STATUS);
      return;
    }
    const wireReq: WireRequest = { method, url, target, headers: req.headers, rawHeaders: req.rawHeaders, body };
    if (url.pathname.startsWith(CONTROL_PREFIX)) {
      send(res, controlApi(emulator, wireReq, url.pathname.slice(CONTROL_PREFIX.length)));
      return;
    }
    if (!route) {
      const response = unknownRoute(method, url.pathname);
      send(res, response);
      log('Unknown', response.status);
      return;
    }

    if (route.family === 'sts') {
      const action = queryParams(wireReq).get('Action') ?? '';
      if (action !== route.operation) {
        send(res, stsError('InvalidAction', `Could not find operation ${action} for version 2011-06-15`));
        log('Unknown', 400);
        return;
      }
    }
    const grantType = route.operation === 'CreateToken' ? grantTypeOf(body) : undefined;
    const fault = faults.take(route.operation);
    if (fault?.kind === 'reset') {
      log(route.operation, RESET_STATUS, grantType);
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'delay' && !(await waitWhileConnected(fault.ms, res))) {
      log(route.operation, CLIENT_CLOSED_STATUS, grantType);
      return;
    }
    let response: WireResponse;
    if (fault !== undefined && fault.kind !== 'delay') {
      response = faultResponse(fault, route.family);
    } else if (!limits.take(route.operation, state.now())) {
      // The portal's throttling answer (reference §5): a 429 both SDKs retry with back-off.
      response = portalError('TooManyRequestsException', 'Rate exceeded');
    } else {
      try {
        response = route.handle(wireReq, state, baseUrl);
      } catch (err) {
        response = jsonResponse(500, { message: `emulator bug: ${err instanceof Error ? err.message : String(err)}` });
      }
    }
    send(res, response);
    log(route.operation, response.status, grantType);
  }

  // close() waits for these so that a request it cut off is in the call log by the time close() resolves.
  const inFlight = new Set<Promise<void>>();
  const server = createServer((req, res) => {
    const handling = handle(req, res)
      // Only a request line new URL() cannot read gets here: the handlers' own failures are answered inside.
      .catch((err: unknown) => send(res, jsonResponse(400, { message: `unreadable request: ${err instanceof Error ? err.message : String(err)}` })))
      .finally(() => inFlight.delete(handling));
    inFlight.add(handling);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  let closing: Promise<void> | undefined;
  const emulator: Emulator = {
    url: baseUrl,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets and requests parked in a delay would otherwise hold close() open.
        server.closeAllConnections();
      }).then(() => Promise.all(inFlight)).then(() => undefined);
      return closing;
    },
    seedLogin(seed = {}) {
      const startUrl = seed.startUrl ?? DEFAULT_START_URL;
      const region = seed.region ?? DEFAULT_REGION;
      const user = seed.user ?? settings.user;
      // What the CLI's auth-code login registers (reference §6 RegisterClient).
      const client = state.registerClient({
        clientName: 'botocore-client-emulator',
        grantTypes: [GRANT_AUTHORIZATION_CODE, GRANT_REFRESH_TOKEN],
        redirectUris: ['http://127.0.0.1/oauth/callback'],
        scopes: ['sso:account:access'],
        issuerUrl: startUrl,
      }, seed.registrationTtlSeconds);
      const tokens = state.issueTokens(state.startSession(user, client.clientId), {
        ttlSeconds: seed.accessTokenTtlSeconds ?? settings.accessTokenTtlSeconds, withRefreshToken: true, grantType: 'seed',
      });
      return {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken ?? '',
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        expiresAt: tokens.expiresAt,
        registrationExpiresAt: new Date(client.expiresAtMs),
        startUrl,
        region,
        user,
      };
    },
    assign(accountId, roleName, assignOpts = {}) {
      state.assign(accountId, roleName, assignOpts);
    },
    inject(operation, fault, times) {
      faults.inject(operation, fault, times);
    },
    clearFaults() {
      faults.clear();
    },
    throttle(operation, limit) {
      checkOperation(operation);
      limits.set(operation, limit, state.now());
    },
    get calls() {
      return callLog;
    },
    count(operation, filter = {}) {
      return callLog.filter((c) => c.operation === operation && (filter.grantType === undefined || c.grantType === filter.grantType)).length;
    },
    issued: { tokens: state.issuedTokens, roleCredentials: state.issuedRoleCredentials, signinTokens: state.issuedSigninTokens },
    reset() {
      state.reset();
      faults.clear();
      limits.clear();
      callLog.length = 0;
    },
    denyNextAuthorization() {
      state.denyNextAuthorization = true;
    },
  };
  return emulator;
}

function grantTypeOf(body: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    const grantType = (parsed as { grantType?: unknown } | null)?.grantType;
    return typeof grantType === 'string' ? grantType : undefined;
  } catch {
    return undefined;
  }
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
