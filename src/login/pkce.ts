// PKCE (RFC 7636), the state value and the authorize URL, built exactly as `aws sso login` builds them (reference §7). Pure.

import { createHash } from 'node:crypto';

/** Registered without a port (RFC 8252 §7.3: the server accepts any loopback port at run time), as the CLI does. */
export const REGISTERED_REDIRECT_URI = 'http://127.0.0.1/oauth/callback';
export const CALLBACK_PATH = '/oauth/callback';
export const callbackRedirectUri = (port: number) => `http://127.0.0.1:${port}${CALLBACK_PATH}`;

/** RFC 7636 §4.1 unreserved characters; 64 of them, like the CLI (the RFC allows 43 to 128). */
const VERIFIER_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~';
const VERIFIER_LENGTH = 64;
/** The largest multiple of the alphabet's size that fits in a byte: bytes above it are dropped, so no character is favoured. */
const UNBIASED_BYTE_LIMIT = Math.floor(256 / VERIFIER_ALPHABET.length) * VERIFIER_ALPHABET.length;

/** A secret: it proves at CreateToken that we are who started the sign-in. Never shown, never logged. */
export function createCodeVerifier(randomBytes: (size: number) => Uint8Array): string {
  let verifier = '';
  while (verifier.length < VERIFIER_LENGTH) {
    for (const byte of randomBytes(VERIFIER_LENGTH)) {
      if (byte < UNBIASED_BYTE_LIMIT && verifier.length < VERIFIER_LENGTH) verifier += VERIFIER_ALPHABET[byte % VERIFIER_ALPHABET.length];
    }
  }
  return verifier;
}

/** S256: base64url(sha256(verifier)) without padding, 43 characters. */
export const codeChallengeS256 = (verifier: string) => createHash('sha256').update(verifier, 'ascii').digest('base64url');

/** RFC 3986 percent-encoding with only `-_.~` and alphanumerics left as they are (Python's quote(safe='')). */
export const encodeRfc3986 = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

export interface AuthorizeRequest {
  /** The resolved SSO-OIDC endpoint: overrides move the authorize page with it, as in the CLI. */
  readonly oidcEndpoint: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  readonly scopes: readonly string[];
  readonly codeChallenge: string;
}

/** The CLI's parameter order, its `scopes` (plural, space-joined) and its unencoded `code_challenge` last. */
export function buildAuthorizeUrl(request: AuthorizeRequest): string {
  const endpoint = new URL(request.oidcEndpoint);
  const query = [
    ['response_type', 'code'],
    ['client_id', request.clientId],
    ['redirect_uri', request.redirectUri],
    ['state', request.state],
    ['code_challenge_method', 'S256'],
    ['scopes', request.scopes.join(' ')],
  ]
    .map(([k, v]) => `${k}=${encodeRfc3986(v!)}`)
    .join('&');
  return `${endpoint.protocol}//${endpoint.host}/authorize?${query}&code_challenge=${request.codeChallenge}`;
}
