// The emulator's memory: registered clients, sign-in sessions and the tokens issued in them, role assignments, and the
// device and browser authorizations waiting to be redeemed. Handlers decide; this file only keeps and mints.

import { randomBytes } from 'node:crypto';

export const GRANT_DEVICE_CODE = 'urn:ietf:params:oauth:grant-type:device_code';
export const GRANT_AUTHORIZATION_CODE = 'authorization_code';
export const GRANT_REFRESH_TOKEN = 'refresh_token';

export const DEFAULT_ACCOUNT_ID = '111122223333';
export const DEFAULT_ROLE_NAMES: readonly string[] = ['ReadOnly', 'Admin'];
export const DEFAULT_USER = 'emulator-user';
export const DEFAULT_START_URL = 'https://d-emulator.awsapps.com/start';
export const DEFAULT_REGION = 'us-east-1';

export interface Settings {
  /** CreateToken's `expiresIn`: AWS issues one-hour access tokens. */
  readonly accessTokenTtlSeconds: number;
  /** GetRoleCredentials' expiration: the permission set's session duration, one hour by default in AWS. */
  readonly roleCredentialTtlSeconds: number;
  /** StartDeviceAuthorization's `interval`: AWS says 1 s too, and tests should not wait 5. */
  readonly deviceIntervalSeconds: number;
  /** StartDeviceAuthorization's `expiresIn`: ten minutes, as AWS. */
  readonly deviceCodeTtlSeconds: number;
  /** RegisterClient's secret lifetime: AWS gives 90 days. */
  readonly clientRegistrationTtlSeconds: number;
  /** How long a code from /authorize may wait for CreateToken: short, like any OAuth server's. */
  readonly authorizationCodeTtlSeconds: number;
  /** The user signed in to the emulator's "browser": who /authorize and /device approve as. */
  readonly user: string;
  /** Epoch milliseconds. Every expiry decision and the call log's `at` read this, so tests can move time. */
  readonly now: () => number;
}

export const DEFAULT_SETTINGS: Settings = {
  accessTokenTtlSeconds: 3600,
  roleCredentialTtlSeconds: 3600,
  deviceIntervalSeconds: 1,
  deviceCodeTtlSeconds: 600,
  clientRegistrationTtlSeconds: 90 * 24 * 3600,
  authorizationCodeTtlSeconds: 300,
  user: DEFAULT_USER,
  now: () => Date.now(),
};

export interface Client {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly clientName: string;
  readonly issuedAtMs: number;
  readonly expiresAtMs: number;
  readonly grantTypes: readonly string[];
  readonly redirectUris: readonly string[];
  readonly scopes: readonly string[];
  readonly issuerUrl: string | undefined;
}

/** One login: Logout ends it, which invalidates every access and refresh token issued in it. */
interface SignInSession {
  readonly user: string;
  readonly clientId: string;
  ended: boolean;
}

interface AccessTokenRecord {
  readonly sessionId: string;
  readonly expiresAtMs: number;
}

interface RefreshTokenRecord {
  readonly sessionId: string;
  readonly clientId: string;
  /** Refresh tokens rotate: redeeming one spends it. */
  spent: boolean;
}

export interface DeviceAuthorization {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly clientId: string;
  readonly startUrl: string;
  readonly expiresAtMs: number;
  readonly intervalMs: number;
  status: 'pending' | 'approved' | 'denied' | 'redeemed';
  /** Who approved it at /device: the session its tokens belong to. */
  approvedBy: string | undefined;
  lastPollMs: number | undefined;
}

export interface AuthorizationCode {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly codeChallenge: string;
  readonly user: string;
  readonly expiresAtMs: number;
  spent: boolean;
}

export interface Account {
  readonly accountId: string;
  accountName: string;
  readonly emailAddress: string;
  readonly roleNames: string[];
}

export interface IssuedTokens {
  readonly accessToken: string;
  readonly refreshToken: string | undefined;
  readonly expiresAt: Date;
  readonly clientId: string;
  readonly user: string;
  /** The CreateToken grant, or 'seed' for seedLogin. */
  readonly grantType: string;
}

export interface IssuedRoleCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: number;
  readonly accountId: string;
  readonly roleName: string;
  readonly user: string;
  /** The bearer token the caller presented: lets a test prove which token a client used. */
  readonly accessToken: string;
}

/** A federation sign-in token (federation.ts), and whose role credentials it was exchanged for. */
export interface IssuedSigninToken {
  readonly signinToken: string;
  readonly accessKeyId: string;
  readonly accountId: string;
  readonly roleName: string;
  readonly expiresAtMs: number;
}

export type BearerCheck =
  | { readonly ok: true; readonly user: string; readonly sessionId: string }
  | { readonly ok: false; readonly why: string };

export class EmulatorState {
  readonly clients = new Map<string, Client>();
  readonly deviceAuthorizations = new Map<string, DeviceAuthorization>();
  readonly authorizationCodes = new Map<string, AuthorizationCode>();
  readonly accounts = new Map<string, Account>();
  readonly issuedTokens: IssuedTokens[] = [];
  readonly issuedRoleCredentials: IssuedRoleCredentials[] = [];
  readonly issuedSigninTokens: IssuedSigninToken[] = [];
  /** One-shot switch: the next /authorize or /device approval says no. */
  denyNextAuthorization = false;

  private readonly sessions = new Map<string, SignInSession>();
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();

  constructor(readonly settings: Settings) {
    this.reset();
  }

  now(): number {
    return this.settings.now();
  }

  /** Back to a fresh emulator: nobody registered or signed in, only the default assignments. */
  reset(): void {
    this.clients.clear();
    this.deviceAuthorizations.clear();
    this.authorizationCodes.clear();
    this.accounts.clear();
    this.sessions.clear();
    this.accessTokens.clear();
    this.refreshTokens.clear();
    this.issuedTokens.length = 0;
    this.issuedRoleCredentials.length = 0;
    this.issuedSigninTokens.length = 0;
    this.denyNextAuthorization = false;
    for (const role of DEFAULT_ROLE_NAMES) this.assign(DEFAULT_ACCOUNT_ID, role, {});
  }

  /** Assignments apply to every user: the emulator has one directory and one permission model. */
  assign(accountId: string, roleName: string, opts: { accountName?: string }): void {
    let account = this.accounts.get(accountId);
    if (!account) {
      account = { accountId, accountName: `emulator-${accountId}`, emailAddress: `aws+${accountId}@example.com`, roleNames: [] };
      this.accounts.set(accountId, account);
    }
    if (opts.accountName !== undefined) account.accountName = opts.accountName;
    if (!account.roleNames.includes(roleName)) account.roleNames.push(roleName);
  }

  registerClient(input: Omit<Client, 'clientId' | 'clientSecret' | 'issuedAtMs' | 'expiresAtMs'>, ttlSeconds?: number): Client {
    // RegisterClient speaks in epoch seconds, so a registration starts and ends on a whole second.
    const issuedAtMs = Math.floor(this.now() / 1000) * 1000;
    const client: Client = {
      ...input,
      clientId: secret('emu-client-', 16),
      clientSecret: secret('emu-cs-', 32),
      issuedAtMs,
      expiresAtMs: issuedAtMs + (ttlSeconds ?? this.settings.clientRegistrationTtlSeconds) * 1000,
    };
    this.clients.set(client.clientId, client);
    return client;
  }

  startSession(user: string, clientId: string): string {
    const id = secret('emu-session-', 8);
    this.sessions.set(id, { user, clientId, ended: false });
    return id;
  }

  endSession(sessionId: string): void {
    const session = this.sessions.get(sessionId);
    if (session) session.ended = true;
  }

  /** Mints an access token (and a refresh token when the client may refresh) in a live session. */
  issueTokens(sessionId: string, opts: { ttlSeconds: number; withRefreshToken: boolean; grantType: string }): IssuedTokens {
    const session = this.sessions.get(sessionId);
    if (!session) throw new Error(`no sign-in session ${sessionId}`);
    const expiresAtMs = this.now() + opts.ttlSeconds * 1000;
    const accessToken = secret('emu-at-', 32);
    this.accessTokens.set(accessToken, { sessionId, expiresAtMs });
    let refreshToken: string | undefined;
    if (opts.withRefreshToken) {
      refreshToken = secret('emu-rt-', 32);
      this.refreshTokens.set(refreshToken, { sessionId, clientId: session.clientId, spent: false });
    }
    const issued: IssuedTokens = {
      accessToken, refreshToken, expiresAt: new Date(expiresAtMs), clientId: session.clientId, user: session.user, grantType: opts.grantType,
    };
    this.issuedTokens.push(issued);
    return issued;
  }

  checkBearer(token: string | undefined): BearerCheck {
    if (!token) return { ok: false, why: 'Session token not found or invalid' };
    const record = this.accessTokens.get(token);
    if (!record) return { ok: false, why: 'Session token not found or invalid' };
    const session = this.sessions.get(record.sessionId);
    if (!session || session.ended) return { ok: false, why: 'Session token not found or invalid' };
    if (record.expiresAtMs <= this.now()) return { ok: false, why: 'Session token expired' };
    return { ok: true, user: session.user, sessionId: record.sessionId };
  }

  /**
   * Spends a refresh token if it is live and the client's own. The reason comes back so the error says which rule
   * failed; each one is InvalidGrantException on the wire.
   */
  spendRefreshToken(token: string, clientId: string): { ok: true; sessionId: string } | { ok: false; why: string } {
    const record = this.refreshTokens.get(token);
    if (!record) return { ok: false, why: 'Invalid refresh token provided' };
    if (record.clientId !== clientId) return { ok: false, why: 'Refresh token was issued to another client' };
    if (record.spent) return { ok: false, why: 'Refresh token has already been used' };
    if (this.sessions.get(record.sessionId)?.ended !== false) return { ok: false, why: 'Sign-in session has ended' };
    record.spent = true;
    return { ok: true, sessionId: record.sessionId };
  }

  issueRoleCredentials(input: { accountId: string; roleName: string; user: string; accessToken: string }): IssuedRoleCredentials {
    const issued: IssuedRoleCredentials = {
      ...input,
      accessKeyId: `ASIAEMU${randomBase32(13)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: secret('emu-st-', 96),
      expiration: this.now() + this.settings.roleCredentialTtlSeconds * 1000,
    };
    this.issuedRoleCredentials.push(issued);
    return issued;
  }

  findDeviceByUserCode(userCode: string): DeviceAuthorization | undefined {
    for (const device of this.deviceAuthorizations.values()) if (device.userCode === userCode) return device;
    return undefined;
  }
}

/** A random token with a prefix tests can grep for when they look for leaked secrets. */
export function secret(prefix: string, bytes: number): string {
  return prefix + randomBytes(bytes).toString('base64url');
}

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** Access key ids are upper-case base32 after the 4-letter prefix, 20 characters in all. */
function randomBase32(length: number): string {
  return Array.from(randomBytes(length), (b) => BASE32[b % 32]).join('');
}

const USER_CODE_LETTERS = 'BCDFGHJKLMNPQRSTVWXZ';
/** AWS user codes look like "ABCD-EFGH": letters only, no vowels, easy to read aloud. */
export function userCode(): string {
  const letters = Array.from(randomBytes(8), (b) => USER_CODE_LETTERS[b % USER_CODE_LETTERS.length]).join('');
  return `${letters.slice(0, 4)}-${letters.slice(4)}`;
}
