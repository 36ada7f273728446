// Every account and role the signed-in user may use: ListAccounts page by page, then ListAccountRoles for each account,
// a few at once, backing off together when the service throttles (listPolicy.ts). All or nothing: the first failure
// stops the listing and is thrown, so populate never writes from half a list.

import { failure } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Assignment } from '../edit/populateNames.ts';
import { SsoCallError } from '../sso/ssoCallError.ts';
import type { AccountPage, PortalAccount, RolePage } from '../sso/validateResponses.ts';
import { LIST_DEADLINE_MS, LIST_ROLES_CONCURRENCY, MAX_PAGES, MAX_THROTTLED_TRIES, THROTTLE_PAUSE_MS } from './listPolicy.ts';
import { portalCallFailure } from './portalCallFailure.ts';

/** The two portal list calls (sso/portalCalls.ts, with the token and endpoint bound); each throws SsoCallError. */
export interface PortalLister {
  accountsPage(nextToken: string | undefined): Promise<AccountPage>;
  rolesPage(accountId: string, nextToken: string | undefined): Promise<RolePage>;
}

/** Time and chance, passed in so the back-off and the deadline are tested without waiting. */
export interface ListClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** In [0, 1): the jitter of a pause. */
  readonly random: () => number;
}

export interface ListContext {
  readonly lister: PortalLister;
  readonly clock: ListClock;
  readonly log: Logger;
  /** For messages: the sso-session listed. */
  readonly subject: string;
  readonly sessionName: string;
}

/** Sorted by account name, account id, role name: the same list, and so the same file, whatever the calls' order. */
export async function listAssignments(ctx: ListContext): Promise<Assignment[]> {
  const { clock, log } = ctx;
  const started = clock.now();
  const lists = portalLists(ctx);
  const accounts = await lists.accounts();
  log.debug(`ListAccounts: ${accounts.length} accounts in ${clock.now() - started} ms`);

  const roles = new Map<string, readonly string[]>();
  const queue = [...accounts];
  let failed: { error: unknown } | undefined;
  const worker = async () => {
    for (let account = queue.shift(); account && !failed; account = queue.shift()) {
      try {
        roles.set(account.accountId, await lists.roles(account.accountId));
      } catch (error) {
        failed ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(LIST_ROLES_CONCURRENCY, accounts.length) }, worker));
  if (failed) throw failed.error;
  log.debug(`ListAccountRoles: ${accounts.length} accounts, ${lists.throttled()} throttled pages retried, ${clock.now() - started} ms in all`);
  return accounts
    .flatMap((a: PortalAccount) => roles.get(a.accountId)!.map((roleName) => ({ accountId: a.accountId, accountName: a.accountName, roleName })))
    .sort((x, y) => compare(x.accountName, y.accountName) || compare(x.accountId, y.accountId) || compare(x.roleName, y.roleName));
}

/**
 * The two lists on their own, all pages each, sharing one pacing and deadline (configure asks for the accounts, then
 * the roles of the one chosen).
 */
export function portalLists(ctx: ListContext) {
  const calls = pacedCalls(ctx, ctx.clock.now() + LIST_DEADLINE_MS);
  return {
    throttled: calls.throttled,
    /** Each account once, in the service's order. */
    accounts: async (): Promise<PortalAccount[]> =>
      uniqueBy(await allPages('ListAccounts', (token) => calls.run('ListAccounts', () => ctx.lister.accountsPage(token)), (p) => p.accounts, ctx), (a) => a.accountId),
    /** Each role once, in the service's order. */
    roles: async (accountId: string): Promise<string[]> => {
      const what = `ListAccountRoles for account ${accountId}`;
      return [...new Set(await allPages(what, (token) => calls.run(what, () => ctx.lister.rolesPage(accountId, token)), (p) => p.roleNames, ctx))];
    },
  };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

/** Every page of one list, in order; a next token seen before, or more than MAX_PAGES pages, is a list that never ends. */
async function allPages<P extends { nextToken: string | undefined }, T>(
  what: string,
  fetch: (token: string | undefined) => Promise<P>,
  items: (page: P) => readonly T[],
  ctx: ListContext,
): Promise<T[]> {
  const out: T[] = [];
  const seen = new Set<string>();
  let token: string | undefined;
  for (let pages = 1; ; pages++) {
    const page = await fetch(token);
    out.push(...items(page));
    token = page.nextToken;
    if (token === undefined) return out;
    if (seen.has(token) || pages >= MAX_PAGES) {
      throw portalCallFailure(ctx.subject, ctx.sessionName, what, new SsoCallError('invalid-response', `the SSO service's answers to ${what} never end (${seen.has(token) ? 'a page token came back' : `more than ${MAX_PAGES} pages`})`));
    }
    seen.add(token);
  }
}

/**
 * Every call of one listing goes through here: none starts past the deadline or during a pause; a throttled one
 * pauses them all and is tried again, at most MAX_THROTTLED_TRIES times; any other failure is final.
 */
function pacedCalls(ctx: ListContext, deadline: number) {
  const { clock } = ctx;
  let resumeAt = 0;
  let throttled = 0;
  return {
    throttled: () => throttled,
    async run<T>(what: string, call: () => Promise<T>): Promise<T> {
      for (let tries = 1; ; tries++) {
        const wait = resumeAt - clock.now();
        if (wait > 0) await clock.sleep(wait);
        if (clock.now() >= deadline) {
          throw failure(ctx.subject, `listing the accounts and roles took longer than ${LIST_DEADLINE_MS / 60_000} minutes, so it was stopped; nothing was written`, 'Try again later; run with --debug to see how far it got.');
        }
        try {
          return await call();
        } catch (error) {
          const e = error instanceof SsoCallError ? error : new SsoCallError('other', 'unexpected failure');
          if (e.kind !== 'throttled' || tries >= MAX_THROTTLED_TRIES) throw portalCallFailure(ctx.subject, ctx.sessionName, what, e);
          throttled++;
          const pause = THROTTLE_PAUSE_MS * 2 ** (tries - 1) * (0.5 + clock.random() / 2);
          resumeAt = Math.max(resumeAt, clock.now() + pause);
          ctx.log.debug(`${what}: throttled (try ${tries} of ${MAX_THROTTLED_TRIES}); every call waits ${Math.round(pause)} ms`);
        }
      }
    },
  };
}
