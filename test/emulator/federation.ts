// The AWS federation endpoint (signin.aws.amazon.com/federation): getSigninToken exchanges role credentials for a
// sign-in token, and Action=login turns that token into a signed-in console session by redirecting to Destination.
// Only credentials the emulator's GetRoleCredentials issued are accepted, all three parts, before they expire.

import { queryParams } from './sts.ts';
import { secret, type EmulatorState } from './state.ts';
import { jsonResponse, redirectResponse, textResponse, type WireRequest, type WireResponse } from './wire.ts';

/** AWS: "The URL that you create is valid for 15 minutes after it is created". */
export const SIGNIN_TOKEN_TTL_MS = 15 * 60_000;

/** The federation endpoint answers a request it refuses with a bare 400 and a line of text, not an AWS error body. */
const refused = (why: string) => textResponse(400, why);

interface SessionJson {
  readonly sessionId: string;
  readonly sessionKey: string;
  readonly sessionToken: string;
}

function parseSession(value: string | null): SessionJson | string {
  if (value === null) return 'Missing Session';
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return 'Session is not JSON';
  }
  const s = parsed as Partial<Record<keyof SessionJson, unknown>> | null;
  if (typeof s?.sessionId !== 'string' || typeof s.sessionKey !== 'string' || typeof s.sessionToken !== 'string') {
    return 'Session needs sessionId, sessionKey and sessionToken';
  }
  return { sessionId: s.sessionId, sessionKey: s.sessionKey, sessionToken: s.sessionToken };
}

/** GET with the query (aws-vault, the AWS docs' examples) or POST with a form body (aws-sso-util): both work at AWS. */
export function getSigninToken(req: WireRequest, state: EmulatorState): WireResponse {
  const params = queryParams(req);
  if (params.get('Action') !== 'getSigninToken') return refused('Unknown Action');
  // aws-vault#77: the service refuses SessionDuration with role credentials; the emulator issues nothing else.
  if (params.has('SessionDuration')) return refused('SessionDuration is not accepted with role credentials');
  const session = parseSession(params.get('Session'));
  if (typeof session === 'string') return refused(session);
  const creds = state.issuedRoleCredentials.find((c) => c.accessKeyId === session.sessionId);
  if (!creds || creds.secretAccessKey !== session.sessionKey || creds.sessionToken !== session.sessionToken) {
    return refused('The credentials in Session are not valid');
  }
  if (creds.expiration <= state.now()) return refused('The credentials in Session have expired');
  const signinToken = secret('emu-sg-', 48);
  state.issuedSigninTokens.push({ signinToken, accessKeyId: creds.accessKeyId, accountId: creds.accountId, roleName: creds.roleName, expiresAtMs: state.now() + SIGNIN_TOKEN_TTL_MS });
  return jsonResponse(200, { SigninToken: signinToken });
}

/** The browser's visit: a live sign-in token signs in, and the console page named by Destination opens. */
export function federationLogin(req: WireRequest, state: EmulatorState): WireResponse {
  const q = req.url.searchParams;
  const issued = state.issuedSigninTokens.find((t) => t.signinToken === q.get('SigninToken'));
  if (!issued) return refused('Invalid SigninToken');
  if (issued.expiresAtMs <= state.now()) return refused('The SigninToken has expired');
  const destination = q.get('Destination');
  let url: URL;
  try {
    url = new URL(destination ?? '');
  } catch {
    return refused('Missing or invalid Destination');
  }
  if (url.protocol !== 'https:') return refused('Destination must be an https URL');
  return redirectResponse(url.toString());
}
