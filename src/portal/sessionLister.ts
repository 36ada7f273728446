// What configure and populate list through: the session's two portal calls with its token and endpoint bound, and the
// real clock for the pacing (listAssignments.ts takes it as an argument, so its tests do not wait).

import { setTimeout as sleep } from 'node:timers/promises';
import { sessionSubject, type SsoSession } from '../config/ssoProfile.ts';
import type { Logger } from '../log.ts';
import type { Endpoint } from '../sso/endpoints.ts';
import type { ListContext } from './listAssignments.ts';

export async function sessionListContext(
  session: SsoSession,
  portal: Endpoint,
  accessToken: string,
  host: { readonly now: () => Date; readonly random: () => number; readonly log: Logger },
): Promise<ListContext> {
  const calls = await import('../sso/portalCalls.ts');
  return {
    lister: {
      accountsPage: (token) => calls.listAccountsPageCall(portal, session.region, accessToken, token),
      rolesPage: (accountId, token) => calls.listAccountRolesPageCall(portal, session.region, accessToken, accountId, token),
    },
    clock: { now: () => host.now().getTime(), sleep: (ms) => sleep(ms), random: host.random },
    log: host.log,
    subject: sessionSubject(session.name),
    sessionName: session.name,
  };
}
