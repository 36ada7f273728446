// Reading and writing one session's token cache file. The only place that touches that file.

import { failure } from '../errors.ts';
import { toPythonJson } from '../fs/pythonJson.ts';
import { readRegularFile } from '../fs/readRegularFile.ts';
import { beginAtomicWrite, writeFileAtomic, type PendingWrite } from '../fs/writeFileAtomic.ts';
import type { Logger } from '../log.ts';
import type { IssuedToken } from '../sso/validateResponses.ts';
import type { Platform } from '../platform/platform.ts';
import { formatAwsTimestamp } from './awsTimestamp.ts';
import { parseCachedToken, type TokenFileResult } from './cachedToken.ts';

export type TokenRead = TokenFileResult | { readonly ok: false; readonly problem: 'missing' };

/**
 * `missing` when there is no file; a file we cannot read at all is a failure the user must fix (exit 1). Its
 * secrets are registered with the logger the moment they are read, whoever reads them.
 */
export function readTokenFile(path: string, subject: string, log: Logger): TokenRead {
  let text: string;
  try {
    text = readRegularFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, problem: 'missing' };
    throw failure(subject, `cannot read the token cache file ${path} (${code ?? 'error'})`, 'Check its permissions, or remove it and log in again.');
  }
  const read = parseCachedToken(text);
  if (read.ok) {
    log.secret(read.token.accessToken);
    log.secret(read.token.refresh?.refreshToken);
    log.secret(read.token.refresh?.clientSecret);
  }
  return read;
}

/** When an issued token expires: its lifetime counted from when it was received (as `aws sso login` counts it). */
export const issuedTokenExpiry = (token: IssuedToken, receivedAt: Date): Date => new Date(receivedAt.getTime() + token.expiresInSeconds * 1000);

export interface RefreshedToken {
  readonly accessToken: string;
  readonly expiresAt: Date;
  /** Rotated refresh token; absent when the service returned none (then the old one is dropped, as both SDKs do). */
  readonly refreshToken: string | undefined;
}

/**
 * The refreshed document: the old one with its fields and their order kept (the JS SDK keeps unknown fields;
 * botocore would drop them, which loses what other tools stored), new values for the three fields a refresh owns.
 */
export function refreshedDocument(old: Readonly<Record<string, unknown>>, next: RefreshedToken): Record<string, unknown> {
  const doc: Record<string, unknown> = { ...old, accessToken: next.accessToken, expiresAt: formatAwsTimestamp(next.expiresAt) };
  if (next.refreshToken) doc.refreshToken = next.refreshToken;
  else delete doc.refreshToken;
  return doc;
}

/** The way botocore writes it: single-line json.dumps. */
export const tokenFileText = (document: Record<string, unknown>) => toPythonJson(document);

/** Written atomically, private to the user (platform/fileModes.ts). */
export function writeTokenFile(path: string, document: Record<string, unknown>, platform: Platform): void {
  writeFileAtomic(path, tokenFileText(document), platform);
}

/**
 * Reserves room for the refreshed document before the refresh: the old one's size and some slack, since new
 * tokens may be longer. Throws the file system's error (EROFS, ENOSPC, EACCES...).
 */
export function reserveTokenWrite(path: string, old: Readonly<Record<string, unknown>>, platform: Platform): PendingWrite {
  return beginAtomicWrite(path, Buffer.byteLength(tokenFileText({ ...old })) + RESERVE_SLACK_BYTES, platform);
}

/** Access and refresh tokens run to ~1-2 KB each; a rotated pair a few KB longer than the old still fits. */
const RESERVE_SLACK_BYTES = 8192;
