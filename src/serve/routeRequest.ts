// What keyrack-cp serve does with a request, decided from its line and headers before anything is fetched. Pure.

/** The one path credentials are served at; the printed AWS_CONTAINER_CREDENTIALS_FULL_URI names it. */
export const CREDENTIALS_PATH = '/credentials';

export interface RequestFacts {
  readonly method: string;
  /** The request target as sent (`/credentials`, `/credentials?x=1`, `*`, an absolute URL, junk). */
  readonly target: string;
  readonly authorization: string | undefined;
  /** A Content-Length other than 0, or a Transfer-Encoding: a credentials request has no body. */
  readonly hasBody: boolean;
}

export interface Refusal {
  readonly status: number;
  /** The JSON `Code`: the JS SDK's fromHttp puts Code and Message on its error for a 4xx. */
  readonly code: string;
  readonly message: string;
}

export type Route = { readonly kind: 'credentials'; readonly why: string } | { readonly kind: 'refuse'; readonly refusal: Refusal; readonly why: string };

const TOKEN_REMEDY =
  'Set AWS_CONTAINER_AUTHORIZATION_TOKEN to the token keyrack-cp serve printed (or AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE to the --token-file it was given)';

/**
 * The token first, whatever the path or method: a caller without it learns nothing else about the server. The
 * messages never quote what was presented (it might be a real token of something else).
 */
export function routeRequest(request: RequestFacts, tokenMatches: (presented: string) => boolean): Route {
  const refuse = (status: number, code: string, message: string, why: string): Route => ({ kind: 'refuse', refusal: { status, code, message: `keyrack-cp serve: ${message}` }, why });
  if (request.authorization === undefined || request.authorization === '') {
    return refuse(401, 'MissingAuthorization', `the request has no Authorization header. ${TOKEN_REMEDY}.`, 'no Authorization header');
  }
  if (!tokenMatches(request.authorization)) {
    return refuse(403, 'InvalidAuthorization', `the Authorization header is not this server's token. ${TOKEN_REMEDY}; a restarted keyrack-cp serve makes a new one unless given --token-file.`, 'a wrong token');
  }
  if (request.method !== 'GET') return refuse(405, 'MethodNotAllowed', `credentials are read with GET, not ${printableMethod(request.method)}.`, `method ${printableMethod(request.method)}`);
  if (request.hasBody) return refuse(400, 'BadRequest', 'a credentials request has no body.', 'a body');
  const path = pathOf(request.target);
  if (path !== CREDENTIALS_PATH) {
    return refuse(404, 'NotFound', `credentials are served at ${CREDENTIALS_PATH}: use the AWS_CONTAINER_CREDENTIALS_FULL_URI keyrack-cp serve printed.`, `path ${path === null ? '(unreadable)' : JSON.stringify(path.slice(0, 100))}`);
  }
  return { kind: 'credentials', why: 'authorized' };
}

/** The path of an origin-form target, query removed; null for anything else (`*`, an absolute URL, junk). */
function pathOf(target: string): string | null {
  if (!target.startsWith('/') || target.startsWith('//')) return null;
  return target.split('?')[0]!;
}

/** Node has parsed the method already (letters only), but it is echoed: never more than a word. */
const printableMethod = (method: string) => (/^[A-Z]{1,20}$/.test(method) ? method : 'that method');
