// What a request to the sign-in callback server means, and the pages the browser gets back. Pure.

import { CALLBACK_PATH } from './pkce.ts';

export type CallbackOutcome =
  /** The authorization code for our state: the sign-in continues. */
  | { readonly kind: 'code'; readonly code: string }
  /** The identity provider came back with an OAuth error (access_denied, …) for our state. */
  | { readonly kind: 'error'; readonly error: string }
  /** A response carrying someone else's state (RFC 6749 §10.12): the sign-in is abandoned, as the CLI does. */
  | { readonly kind: 'state-mismatch' }
  /** Any other path (a favicon): 404, keep waiting. */
  | { readonly kind: 'not-callback' }
  /** The callback path without a code or an error: 400, keep waiting. */
  | { readonly kind: 'incomplete' };

export function readCallback(method: string, target: string, expectedState: string): CallbackOutcome {
  const url = new URL(target, 'http://127.0.0.1');
  if (method !== 'GET' || url.pathname !== CALLBACK_PATH) return { kind: 'not-callback' };
  const code = url.searchParams.get('code');
  const error = url.searchParams.get('error');
  if (!code && !error) return { kind: 'incomplete' };
  // Errors must carry our state too: otherwise any page could cancel a sign-in in progress.
  if (url.searchParams.get('state') !== expectedState) return { kind: 'state-mismatch' };
  if (error) return { kind: 'error', error: error.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 64) || 'unknown_error' };
  return { kind: 'code', code: code! };
}

export interface CallbackPage {
  readonly status: number;
  readonly title: string;
  readonly text: string;
}

export const PAGES = {
  signedIn: { status: 200, title: 'Signed in', text: 'keyrack-cp is signed in. You can close this tab.' },
  failed: (why: string): CallbackPage => ({ status: 200, title: 'Sign-in failed', text: `keyrack-cp could not finish the sign-in: ${why}. You can close this tab; the terminal says what to do.` }),
  denied: (error: string): CallbackPage => ({ status: 200, title: 'Sign-in not completed', text: `The sign-in was not completed (${error}). You can close this tab.` }),
  stateMismatch: { status: 400, title: 'Not this sign-in', text: 'This response does not belong to the sign-in keyrack-cp started, so it was refused and nothing was saved. You can close this tab.' },
  incomplete: { status: 400, title: 'No sign-in response', text: 'This address expects the response of a sign-in. You can close this tab.' },
  notFound: { status: 404, title: 'Not found', text: 'Nothing here.' },
} as const;

/** A page that says what happened and never carries a token or a code. */
export function renderPage(page: CallbackPage): string {
  const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escape(page.title)} - keyrack-cp</title></head>` +
    `<body style="font-family:sans-serif;margin:3em"><h1>${escape(page.title)}</h1><p>${escape(page.text)}</p></body></html>`;
}
