// The loopback server the browser is sent back to with the authorization code: 127.0.0.1 only, an ephemeral port,
// one sign-in's answer, then closed.

import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../log.ts';
import { PAGES, readCallback, renderPage, type CallbackPage } from './callbackRequest.ts';
import { callbackRedirectUri } from './pkce.ts';

/** The browser's request for the code is held open until the token is saved, so the page tells the truth; bounded. */
const HOLD_RESPONSE_MS = 30_000;

export type CallbackResult =
  | { readonly kind: 'code'; readonly code: string; readonly respond: (page: CallbackPage) => void }
  | { readonly kind: 'error'; readonly error: string }
  | { readonly kind: 'state-mismatch' };

export interface CallbackServer {
  readonly redirectUri: string;
  /** The first decisive request; later ones get a 404. */
  readonly result: Promise<CallbackResult>;
  close(): void;
}

export async function startCallbackServer(expectedState: string, log: Logger): Promise<CallbackServer> {
  let settle!: (result: CallbackResult) => void;
  const result = new Promise<CallbackResult>((resolve) => (settle = resolve));
  let settled = false;

  const server = createServer((req, res) => {
    const outcome = settled ? { kind: 'not-callback' as const } : readCallback(req.method ?? 'GET', req.url ?? '/', expectedState);
    // Never the URL itself: it carries the code.
    log.debug(`callback server: ${req.method} ${new URL(req.url ?? '/', 'http://127.0.0.1').pathname} → ${outcome.kind}`);
    switch (outcome.kind) {
      case 'not-callback':
        return send(res, PAGES.notFound);
      case 'incomplete':
        return send(res, PAGES.incomplete);
      case 'state-mismatch':
        settled = true;
        send(res, PAGES.stateMismatch);
        return settle({ kind: 'state-mismatch' });
      case 'error':
        settled = true;
        send(res, PAGES.denied(outcome.error));
        return settle({ kind: 'error', error: outcome.error });
      case 'code': {
        settled = true;
        let answered = false;
        const respond = (page: CallbackPage) => {
          if (answered) return;
          answered = true;
          clearTimeout(timer);
          send(res, page);
        };
        const timer = setTimeout(() => respond(PAGES.failed('it took too long')), HOLD_RESPONSE_MS);
        timer.unref();
        return settle({ kind: 'code', code: outcome.code, respond });
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    // Loopback only (the CLI binds every interface): nothing on the network can reach the callback.
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  log.debug(`callback server listening on 127.0.0.1:${port}`);
  return {
    redirectUri: callbackRedirectUri(port),
    result,
    close() {
      server.close();
      server.closeIdleConnections();
    },
  };
}

function send(res: ServerResponse, page: CallbackPage): void {
  const body = renderPage(page);
  res.writeHead(page.status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    Connection: 'close',
  });
  res.end(body);
}
