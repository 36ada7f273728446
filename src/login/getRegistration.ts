// The OAuth client a sign-in uses: the cached registration when it fits the flow, else a new one, cached for the
// next login (and for `aws sso login`, which reads the same file).

import type { SsoSession } from '../config/ssoProfile.ts';
import { toPythonJson } from '../fs/pythonJson.ts';
import { readRegularFile } from '../fs/readRegularFile.ts';
import { writeFileAtomic } from '../fs/writeFileAtomic.ts';
import type { Logger } from '../log.ts';
import type { Platform } from '../platform/platform.ts';
import type { OidcCalls } from '../sso/oidcCalls.ts';
import type { Registration } from '../sso/validateResponses.ts';
import { REGISTERED_REDIRECT_URI } from './pkce.ts';
import {
  CLIENT_NAME, getRegistrationCachePath, parseRegistration, planRegistration, PKCE_GRANT_TYPES, registrationDocument,
  registrationScopes, type LoginFlow,
} from './registrationEntry.ts';

export interface RegistrationDeps {
  readonly home: string;
  readonly platform: Platform;
  readonly now: () => Date;
  readonly log: Logger;
  readonly oidc: OidcCalls;
}

export async function getRegistration(session: SsoSession, flow: LoginFlow, deps: RegistrationDeps, options: { fresh?: boolean } = {}): Promise<Registration> {
  const path = getRegistrationCachePath(deps.home, session, deps.platform);
  const scopes = registrationScopes(session);
  const cached = options.fresh ? null : readRegistration(path, deps.log);
  const plan = options.fresh ? { action: 'register', reason: 'the service refused the cached client registration' } : planRegistration(cached, flow, scopes, deps.now());
  deps.log.debug(`${path}: ${plan.reason}`);
  if (plan.action === 'reuse' && cached) {
    deps.log.secret(cached.clientSecret);
    return cached;
  }

  deps.log.debug(`RegisterClient '${CLIENT_NAME}' (${flow === 'pkce' ? 'authorization code' : 'device code'}), scopes ${scopes.join(' ')}`);
  const registration = await deps.oidc.registerClient(
    flow === 'pkce'
      ? { clientName: CLIENT_NAME, scopes, grantTypes: PKCE_GRANT_TYPES, redirectUris: [REGISTERED_REDIRECT_URI], issuerUrl: session.startUrl }
      : { clientName: CLIENT_NAME, scopes },
  );
  deps.log.secret(registration.clientSecret);
  try {
    writeFileAtomic(path, toPythonJson(registrationDocument(registration)), deps.platform);
    deps.log.debug(`saved the client registration in ${path}`);
  } catch (error) {
    // Only a cache: the sign-in goes on, the next one registers again.
    deps.log.debug(`could not save the client registration in ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return registration;
}

function readRegistration(path: string, log: Logger): Registration | null {
  let text: string;
  try {
    text = readRegularFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') log.debug(`${path}: unreadable (${code ?? 'error'}), registering anew`);
    return null;
  }
  const parsed = parseRegistration(text);
  if ('problem' in parsed) {
    log.debug(`${path}: ${parsed.problem}, registering anew`);
    return null;
  }
  return parsed.registration;
}
