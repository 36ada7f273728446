// Signature Version 4 verification, as AWS does it server-side: rebuild the canonical request from what arrived,
// sign it with the secret the emulator issued for the access key, and compare. Proves a consumer held the secret.

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const SIGV4_ALGORITHM = 'AWS4-HMAC-SHA256';
/** AWS refuses a signature dated more than 15 minutes from its clock either way ("Signature expired"). */
export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

/** The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header. */
export interface ParsedAuthorization {
  readonly accessKeyId: string;
  /** yyyymmdd */
  readonly date: string;
  readonly region: string;
  readonly service: string;
  readonly terminator: string;
  readonly signedHeaders: readonly string[];
  readonly signature: string;
}

/** Undefined when the header is absent or not a SigV4 header at all; a string names what is wrong with it. */
export function parseAuthorization(header: string | undefined): ParsedAuthorization | string | undefined {
  if (header === undefined) return undefined;
  const space = header.indexOf(' ');
  if (space < 0 || header.slice(0, space) !== SIGV4_ALGORITHM) return undefined;
  const fields = new Map<string, string>();
  for (const part of header.slice(space + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  const missing = [['Credential', credential], ['SignedHeaders', signedHeaders], ['Signature', signature]]
    .filter(([, v]) => !v).map(([k]) => k);
  if (missing.length > 0) return `Authorization header requires ${missing.map((k) => `'${k}'`).join(', ')} parameter(s)`;
  const scope = credential!.split('/');
  if (scope.length !== 5 || scope.some((s) => s === '')) {
    return `Credential should be scoped to a valid region, not '${scope[2] ?? ''}'`;
  }
  const [accessKeyId, date, region, service, terminator] = scope as [string, string, string, string, string];
  return { accessKeyId, date, region, service, terminator, signedHeaders: signedHeaders!.split(';'), signature: signature! };
}

/** RFC 3986 unreserved characters stay; everything else is %XX with upper-case hex, as SigV4 requires. */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function uriDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Non-S3 services sign the path encoded once more than it travelled (each segment of the raw path re-encoded). */
function canonicalUri(rawPath: string): string {
  if (rawPath === '' || rawPath === '/') return '/';
  return rawPath.split('/').map((segment) => uriEncode(segment)).join('/');
}

function canonicalQuery(rawQuery: string): string {
  if (rawQuery === '') return '';
  return rawQuery.split('&').filter((p) => p !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const key = eq < 0 ? pair : pair.slice(0, eq);
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      return [uriEncode(uriDecode(key)), uriEncode(uriDecode(value))] as const;
    })
    .sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

/** Every occurrence of a header, in arrival order, trimmed with inner runs of spaces collapsed, joined by ','. */
function canonicalHeaderValue(rawHeaders: readonly string[], name: string): string {
  const values: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]!.toLowerCase() === name) values.push(rawHeaders[i + 1]!.trim().replace(/\s+/g, ' '));
  }
  return values.join(',');
}

export interface SignedRequest {
  readonly method: string;
  /** The request target as sent, path and query, still percent-encoded. */
  readonly target: string;
  /** node's `req.rawHeaders`: name, value, name, value… */
  readonly rawHeaders: readonly string[];
  readonly body: string;
}

export function canonicalRequest(req: SignedRequest, signedHeaders: readonly string[]): string {
  const q = req.target.indexOf('?');
  const rawPath = q < 0 ? req.target : req.target.slice(0, q);
  const rawQuery = q < 0 ? '' : req.target.slice(q + 1);
  const payloadHash = canonicalHeaderValue(req.rawHeaders, 'x-amz-content-sha256') || sha256Hex(req.body);
  return [
    req.method,
    canonicalUri(rawPath),
    canonicalQuery(rawQuery),
    ...signedHeaders.map((h) => `${h}:${canonicalHeaderValue(req.rawHeaders, h)}`),
    '',
    signedHeaders.join(';'),
    payloadHash,
  ].join('\n');
}

export function signature(secretAccessKey: string, auth: Omit<ParsedAuthorization, 'signature' | 'accessKeyId'>, amzDate: string, canonical: string): string {
  const scope = `${auth.date}/${auth.region}/${auth.service}/${auth.terminator}`;
  const stringToSign = [SIGV4_ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n');
  let key: Buffer = hmac(`AWS4${secretAccessKey}`, auth.date);
  for (const part of [auth.region, auth.service, auth.terminator]) key = hmac(key, part);
  return createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
}

export type Verdict =
  | { readonly ok: true }
  /** The STS error code and message AWS sends for that failure. */
  | { readonly ok: false; readonly code: 'IncompleteSignature' | 'SignatureDoesNotMatch'; readonly message: string };

/** Checks a parsed Authorization against the request and the issued secret, in the order AWS reports problems. */
export function verifySignature(
  req: SignedRequest, headers: IncomingHttpHeaders, auth: ParsedAuthorization, secretAccessKey: string, expectedService: string, nowMs: number,
): Verdict {
  if (auth.terminator !== 'aws4_request') {
    return { ok: false, code: 'SignatureDoesNotMatch', message: `Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.terminator}'.` };
  }
  if (auth.service !== expectedService) {
    return { ok: false, code: 'SignatureDoesNotMatch', message: `Credential should be scoped to correct service: '${expectedService}'. ` };
  }
  if (!auth.signedHeaders.includes('host')) {
    return { ok: false, code: 'SignatureDoesNotMatch', message: "'Host' must be a 'SignedHeader' in the AWS Authorization." };
  }
  const amzDate = typeof headers['x-amz-date'] === 'string' ? headers['x-amz-date'] : '';
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) {
    return { ok: false, code: 'IncompleteSignature', message: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header." };
  }
  if (amzDate.slice(0, 8) !== auth.date) {
    return { ok: false, code: 'SignatureDoesNotMatch', message: `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.` };
  }
  if (Math.abs(signedAt - nowMs) > MAX_CLOCK_SKEW_MS) {
    return { ok: false, code: 'SignatureDoesNotMatch', message: `Signature expired: ${amzDate} is now earlier than ${compactDate(nowMs - MAX_CLOCK_SKEW_MS)} (${compactDate(nowMs)} - 15 min.)` };
  }
  const expected = signature(secretAccessKey, auth, amzDate, canonicalRequest(req, auth.signedHeaders));
  const given = Buffer.from(auth.signature, 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, Buffer.from(expected, 'utf8'))) {
    return {
      ok: false,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    };
  }
  return { ok: true };
}

/** `20260101T120000Z` → epoch ms. */
function parseAmzDate(text: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isNaN(ms) ? undefined : ms;
}

function compactDate(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}
