// The SSO portal operations (reference §5): GetRoleCredentials, ListAccounts, ListAccountRoles, Logout. All are
// unsigned; the caller is whoever the `x-amz-sso_bearer_token` header's access token belongs to.

import type { EmulatorState } from './state.ts';
import { emptyJsonResponse, isResponse, jsonResponse, portalError, type WireRequest, type WireResponse } from './wire.ts';

/** Node lower-cases header names, so this matches whatever case the SDK sent. */
const BEARER_HEADER = 'x-amz-sso_bearer_token';
/** ListAccounts/ListAccountRoles `max_result` bounds from the model; 20 when the caller gives none. */
const MAX_RESULT_LIMIT = 100;
const DEFAULT_PAGE_SIZE = 20;

type Authenticated = { user: string; sessionId: string; accessToken: string };

function authenticate(req: WireRequest, state: EmulatorState): Authenticated | WireResponse {
  const header = req.headers[BEARER_HEADER];
  const token = Array.isArray(header) ? header[0] : header;
  const check = state.checkBearer(token);
  if (!check.ok) return portalError('UnauthorizedException', check.why);
  return { user: check.user, sessionId: check.sessionId, accessToken: token ?? '' };
}

export function getRoleCredentials(req: WireRequest, state: EmulatorState): WireResponse {
  const caller = authenticate(req, state);
  if (isResponse(caller)) return caller;
  const roleName = req.url.searchParams.get('role_name');
  const accountId = req.url.searchParams.get('account_id');
  if (!roleName || !accountId) {
    return portalError('InvalidRequestException', `Missing required parameter: ${!roleName ? 'role_name' : 'account_id'}`);
  }
  if (!state.accounts.get(accountId)?.roleNames.includes(roleName)) return portalError('ForbiddenException', 'No access');
  const creds = state.issueRoleCredentials({ accountId, roleName, user: caller.user, accessToken: caller.accessToken });
  return jsonResponse(200, {
    roleCredentials: {
      accessKeyId: creds.accessKeyId,
      secretAccessKey: creds.secretAccessKey,
      sessionToken: creds.sessionToken,
      expiration: creds.expiration,
    },
  });
}

export function listAccounts(req: WireRequest, state: EmulatorState): WireResponse {
  const caller = authenticate(req, state);
  if (isResponse(caller)) return caller;
  const accounts = [...state.accounts.values()].map(({ accountId, accountName, emailAddress }) => ({ accountId, accountName, emailAddress }));
  const page = pageOf(accounts, req.url.searchParams);
  if (isResponse(page)) return page;
  return jsonResponse(200, { accountList: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) });
}

export function listAccountRoles(req: WireRequest, state: EmulatorState): WireResponse {
  const caller = authenticate(req, state);
  if (isResponse(caller)) return caller;
  const accountId = req.url.searchParams.get('account_id');
  if (!accountId) return portalError('InvalidRequestException', 'Missing required parameter: account_id');
  const account = state.accounts.get(accountId);
  if (!account) return portalError('ForbiddenException', 'No access');
  const page = pageOf(account.roleNames.map((roleName) => ({ roleName, accountId })), req.url.searchParams);
  if (isResponse(page)) return page;
  return jsonResponse(200, { roleList: page.items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) });
}

/** Logout ends the sign-in session (AWS: "invalidate the corresponding server-side sign in session"). */
export function logout(req: WireRequest, state: EmulatorState): WireResponse {
  const caller = authenticate(req, state);
  if (isResponse(caller)) return caller;
  state.endSession(caller.sessionId);
  return emptyJsonResponse();
}

const NEXT_TOKEN_PREFIX = 'emu-next-';

/** Opaque-looking paging over a list: the token is the offset of the next page. */
function pageOf<T>(items: readonly T[], query: URLSearchParams): { items: T[]; nextToken: string | undefined } | WireResponse {
  let size = DEFAULT_PAGE_SIZE;
  const maxResult = query.get('max_result');
  if (maxResult !== null) {
    size = Number(maxResult);
    if (!Number.isInteger(size) || size < 1 || size > MAX_RESULT_LIMIT) {
      return portalError('InvalidRequestException', `max_result must be an integer from 1 to ${MAX_RESULT_LIMIT}`);
    }
  }
  let offset = 0;
  const nextToken = query.get('next_token');
  if (nextToken !== null) {
    offset = nextToken.startsWith(NEXT_TOKEN_PREFIX) ? Number(nextToken.slice(NEXT_TOKEN_PREFIX.length)) : NaN;
    if (!Number.isInteger(offset) || offset < 0 || offset > items.length) return portalError('InvalidRequestException', 'Invalid next_token');
  }
  const end = offset + size;
  return { items: items.slice(offset, end), nextToken: end < items.length ? `${NEXT_TOKEN_PREFIX}${end}` : undefined };
}
