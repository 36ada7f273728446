// The container-credentials endpoint of keyrack-cp serve and exec --server: an HTTP server that answers each
// authorized GET with the profile's role credentials, got through the credential process's own path, and every
// other request, however malformed or slow, with an error in bounded time.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { profileSubject } from '../config/ssoProfile.ts';
import type { RoleCredentials } from '../credentials/roleCredentials.ts';
import { failure, type KeyrackError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { formatContainerCredentials } from '../output/formatContainerCredentials.ts';
import { printable } from '../text/printable.ts';
import { failureResponse } from './failureResponse.ts';
import { endpointUrl, type ListenAddress } from './listenAddress.ts';
import { planServe } from './planServe.ts';
import { CREDENTIALS_PATH, routeRequest, type Refusal } from './routeRequest.ts';
import { tokenMatcher } from './serverToken.ts';
import { singleFlight } from './singleFlight.ts';

/**
 * The clients send their request in one write and give up long before these (botocore after 2 s, three times; the
 * JS SDK after 1 s, four times): a client still sending after 5 s is not one of them, and is cut off (408) so it
 * holds nothing. Node checks these every CHECK_INTERVAL_MS (its default, 30 s, would let a slow client hold on 6×
 * longer than the limit says).
 */
const HEADERS_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 10_000;
const CHECK_INTERVAL_MS = 1_000;
/** An SDK's request is a few hundred bytes; anything beyond this is refused (431) before it is read. */
const MAX_HEADER_BYTES = 8_192;

/** What the server needs of the command that runs it (its context). */
export interface ServerContext {
  /** A profile's credentials exactly as the credential process gets them (cache, lock, refresh: run.ts). */
  readonly getCredentials: (profile: string, options: { readonly noCache: boolean }) => Promise<RoleCredentials>;
  readonly now: () => Date;
  readonly log: Logger;
}

export interface CredentialServerOptions {
  readonly profile: string;
  readonly listen: ListenAddress;
  readonly token: string;
}

export interface CredentialServer {
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI. */
  readonly url: string;
  /** The credentials a request would get now (shared with requests under way, the window applied). Throws KeyrackError. */
  servable(): Promise<RoleCredentials>;
  /** The same, its failure told on stderr as a request's would be; never throws. */
  check(): Promise<void>;
  /** Stops at once: no more connections, open ones closed. Resolves when a credential call under way has ended. */
  close(): Promise<void>;
}

export async function startCredentialServer(ctx: ServerContext, options: CredentialServerOptions): Promise<CredentialServer> {
  const { log } = ctx;
  const matches = tokenMatcher(options.token);
  const fetchShared = singleFlight(() => ctx.getCredentials(options.profile, { noCache: false }));
  const servable = () => servableCredentials(fetchShared, ctx.now, profileSubject(options.profile));
  let lastFailure: string | null = null;
  // The paragraph main would print for it, secrets scrubbed: the JSON Message a client shows.
  const describe = (error: KeyrackError) => printable(log.scrub(`keyrack-cp: ${error.describe()}`));
  /** The failure as its HTTP answer; said on stderr once, until it changes (every client retries: botocore 3 times, the JS SDK 4). */
  const noteFailure = (error: unknown): Refusal => {
    const refusal = failureResponse(error, describe);
    if (refusal.message !== lastFailure) log.warn(`${refusal.message.replace(/^keyrack-cp: /, '')} (keyrack-cp keeps serving; requests get this error until it is fixed)`);
    lastFailure = refusal.message;
    return refusal;
  };

  const answer = async (req: IncomingMessage, res: ServerResponse) => {
    const route = routeRequest(
      {
        method: req.method ?? '',
        target: req.url ?? '',
        authorization: req.headers.authorization,
        hasBody: (req.headers['content-length'] ?? '0') !== '0' || req.headers['transfer-encoding'] !== undefined,
      },
      matches,
    );
    if (route.kind === 'refuse') {
      log.debug(`${req.method} → ${route.refusal.status} (${route.why})`);
      // Closed after the answer: a refused client gets no second try on the same connection, and no body is read.
      return send(res, route.refusal.status, refusalBody(route.refusal), true);
    }
    try {
      const creds = await servable();
      lastFailure = null;
      log.debug(`GET ${CREDENTIALS_PATH} → 200 (expire ${creds.expiration.toISOString()})`);
      send(res, 200, formatContainerCredentials(creds), false);
    } catch (error) {
      const refusal = noteFailure(error);
      log.debug(`GET ${CREDENTIALS_PATH} → ${refusal.status} (${refusal.code}${error instanceof Error && refusal.status === 500 ? `: ${error.name}` : ''})`);
      send(res, refusal.status, refusalBody(refusal), false);
    }
  };

  const server = createServer(
    { headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS, connectionsCheckingInterval: CHECK_INTERVAL_MS, maxHeaderSize: MAX_HEADER_BYTES },
    (req, res) => void answer(req, res),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.listen.port, options.listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((error: NodeJS.ErrnoException) => {
    const where = `${options.listen.host}:${options.listen.port}`;
    throw failure(`--listen ${printable(where)}`, `cannot listen there (${error.code ?? 'error'})`, error.code === 'EADDRINUSE' ? 'Another program holds that port: pick another, or port 0 for a free one.' : 'Give an address of this machine.');
  });
  // Afterwards a server error (EMFILE on accept...) is logged, never thrown: the server keeps going.
  server.on('error', (error: NodeJS.ErrnoException) => log.warn(`the credentials endpoint: ${error.code ?? error.name}`));
  const { port } = server.address() as AddressInfo;
  const url = endpointUrl(options.listen.host, port, CREDENTIALS_PATH);
  log.debug(`credentials endpoint listening on ${url}`);

  return {
    url,
    servable,
    async check() {
      try {
        await servable();
        lastFailure = null;
      } catch (error) {
        noteFailure(error);
      }
    },
    async close() {
      server.close();
      server.closeAllConnections();
      // A refresh under way is let finish (each call is time-bounded): stopping it midway could spend the one-use
      // refresh token without saving the new one.
      await fetchShared.inFlight()?.catch(() => undefined);
    },
  };
}

/** The window applied: credentials the SDKs would refresh at once are got again, then refused (planServe.ts). */
async function servableCredentials(fetchShared: () => Promise<RoleCredentials>, now: () => Date, subject: string): Promise<RoleCredentials> {
  for (let attempt = 1; ; attempt++) {
    const creds = await fetchShared();
    const plan = planServe(creds.expiration, now(), attempt);
    if (plan.action === 'serve') return creds;
    if (plan.action === 'refuse') throw failure(subject, plan.why, "Check the permission set's session duration (at least 1 hour) and this machine's clock.");
  }
}

const refusalBody = (refusal: Refusal) => JSON.stringify({ Code: refusal.code, Message: refusal.message });

function send(res: ServerResponse, status: number, body: string, close: boolean): void {
  res.writeHead(status, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...(close ? { Connection: 'close' } : {}),
  });
  res.end(body);
}
