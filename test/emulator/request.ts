// A bare node:http client for the emulator's own tests: no SDK in between, so they see exactly what is on the wire.

import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  /** The body parsed as JSON (throws if it is not). */
  json(): any;
}

export function request(
  base: string,
  method: string,
  path: string,
  opts: { headers?: Record<string, string>; body?: string | object } = {},
): Promise<Reply> {
  const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
  const headers = { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...opts.headers };
  return new Promise((resolve, reject) => {
    const req = httpRequest(new URL(path, base), { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

export const postJson = (base: string, path: string, body: unknown) => request(base, 'POST', path, { body: body as object });

export const bearer = (token: string) => ({ 'x-amz-sso_bearer_token': token });

/** The portal's error as both SDKs read it: status, the x-amzn-ErrorType header, and the body. */
export function portalErrorOf(reply: Reply) {
  return { status: reply.status, errorType: reply.headers['x-amzn-errortype'], body: reply.json() };
}

/** OIDC errors carry the exception in the header (with AWS's coral suffix) and the OAuth code in the body. */
export function oidcErrorOf(reply: Reply) {
  const errorType = String(reply.headers['x-amzn-errortype'] ?? '');
  return { status: reply.status, name: errorType.split(':')[0], errorType, error: reply.json().error as unknown };
}
