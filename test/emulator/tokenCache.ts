// The token cache file `aws sso login` writes (reference §3.1, §3.2), built from a seeded login so tests can put a
// logged-in user on disk without a browser.

import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SeededLogin {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly expiresAt: Date;
  readonly registrationExpiresAt: Date;
  readonly startUrl: string;
  readonly region: string;
  readonly user: string;
}

/** The CLI's own token file, key for key and in its order (reference Appendix A). A type, not an interface, so it
 * is assignable to Record<string, unknown>. */
export type TokenCacheJson = {
  startUrl: string;
  region: string;
  accessToken: string;
  expiresAt: string;
  clientId: string;
  clientSecret: string;
  registrationExpiresAt: string;
  refreshToken: string;
};

/** botocore and the CLI write `YYYY-MM-DDTHH:MM:SSZ`, without fractions (JS writes milliseconds; we imitate the CLI). */
export function awsTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function tokenCacheJson(
  seed: Omit<SeededLogin, 'startUrl' | 'region' | 'user'> & Partial<Pick<SeededLogin, 'startUrl' | 'region'>>,
  where: { startUrl?: string; region?: string } = {},
): TokenCacheJson {
  const startUrl = where.startUrl ?? seed.startUrl;
  const region = where.region ?? seed.region;
  if (startUrl === undefined || region === undefined) throw new Error('tokenCacheJson needs a startUrl and a region');
  return {
    startUrl,
    region,
    accessToken: seed.accessToken,
    expiresAt: awsTimestamp(seed.expiresAt),
    clientId: seed.clientId,
    clientSecret: seed.clientSecret,
    registrationExpiresAt: awsTimestamp(seed.registrationExpiresAt),
    refreshToken: seed.refreshToken,
  };
}

/** `sha1(<sso-session name>).json`: the name every SDK and the CLI use for a session's token. */
export function tokenCacheFileName(sessionName: string): string {
  return `${createHash('sha1').update(sessionName, 'utf8').digest('hex')}.json`;
}

/** Python's `json.dumps` with its default separators, which is the CLI's file byte for byte (ASCII values assumed). */
export function pythonJsonDumps(token: TokenCacheJson): string {
  return `{${Object.entries(token).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(', ')}}`;
}

/** Writes the token file under `<home>/.aws/sso/cache/` as the CLI does (mode 0600); returns its path. */
export function writeTokenCache(home: string, sessionName: string, token: TokenCacheJson): string {
  const dir = join(home, '.aws', 'sso', 'cache');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const path = join(dir, tokenCacheFileName(sessionName));
  writeFileSync(path, pythonJsonDumps(token), { mode: 0o600 });
  return path;
}
