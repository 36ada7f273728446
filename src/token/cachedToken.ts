// A token cache file, validated once where it enters: later steps get a narrow type, never raw JSON.

import { parseJson } from '../fs/parseJson.ts';
import { parseAwsTimestamp } from './awsTimestamp.ts';

/** What a refresh_token grant needs; present only when every piece is there. */
export interface RefreshGrant {
  readonly refreshToken: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly registrationExpiresAt: Date;
}

export interface CachedToken {
  readonly accessToken: string;
  readonly expiresAt: Date;
  readonly refresh: RefreshGrant | null;
  /** The whole document as read, so a write-back keeps every field it does not own (and their order). */
  readonly document: Readonly<Record<string, unknown>>;
}

export type TokenFileResult =
  | { readonly ok: true; readonly token: CachedToken }
  | { readonly ok: false; readonly problem: string };

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/**
 * An OAuth access token is visible ASCII and spaces (RFC 6749's VSCHAR). Anything else cannot even be put in the
 * request header it travels in, so the cached token is unusable, not the network broken.
 */
const ACCESS_TOKEN = /^[\x20-\x7e]+$/;

/**
 * Python's json module gives up near 1000 levels of nesting (RecursionError), so the AWS CLI cannot read a deeper
 * file; writing one back after a refresh would overflow our own (recursive) serializer.
 */
const MAX_NESTING = 900;

function nestedDeeperThan(root: object, max: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Validates a token file's text. Problems never quote values: every field here may be a secret. */
export function parseCachedToken(text: string): TokenFileResult {
  const parsed = parseJson(text);
  if (!parsed.ok) return { ok: false, problem: 'the token cache file is not valid JSON' };
  const doc = parsed.value;
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return { ok: false, problem: 'the token cache file does not hold a JSON object' };
  }
  if (nestedDeeperThan(doc, MAX_NESTING)) {
    return { ok: false, problem: `the token cache file is nested more than ${MAX_NESTING} levels deep, which the AWS CLI cannot read` };
  }
  const d = doc as Record<string, unknown>;
  const accessToken = str(d.accessToken);
  const expiresAt = parseAwsTimestamp(d.expiresAt);
  const missing = [accessToken ? '' : 'accessToken', d.expiresAt === undefined ? 'expiresAt' : ''].filter(Boolean);
  if (missing.length > 0) return { ok: false, problem: `the token cache file has no ${missing.join(' or ')}` };
  if (!expiresAt) return { ok: false, problem: 'the token cache file has an expiresAt that is not a UTC timestamp' };
  if (!ACCESS_TOKEN.test(accessToken!)) return { ok: false, problem: 'the token cache file has an accessToken with characters no access token has' };

  const refreshToken = str(d.refreshToken);
  const clientId = str(d.clientId);
  const clientSecret = str(d.clientSecret);
  const registrationExpiresAt = parseAwsTimestamp(d.registrationExpiresAt);
  const refresh =
    refreshToken && clientId && clientSecret && registrationExpiresAt
      ? { refreshToken, clientId, clientSecret, registrationExpiresAt }
      : null;
  return { ok: true, token: { accessToken: accessToken!, expiresAt, refresh, document: d } };
}
