// listAssignments with a portal of plain objects and a fake clock: every page, each account once, at most
// LIST_ROLES_CONCURRENCY calls in flight, throttled pages retried after a pause all calls share, and all or nothing.

import { describe, expect, test } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { KeyrackError } from '../../src/errors.ts';
import { listAssignments, type PortalLister } from '../../src/portal/listAssignments.ts';
import { LIST_DEADLINE_MS, LIST_ROLES_CONCURRENCY, MAX_THROTTLED_TRIES, THROTTLE_PAUSE_MS } from '../../src/portal/listPolicy.ts';
import { SsoCallError } from '../../src/sso/ssoCallError.ts';

/** A portal of `accounts` accounts with `roles` roles each, pages of `pageSize`; each call takes 10 ms of fake time. */
function portal(accounts: number, roles: number, opts: { pageSize?: number; fail?: (what: string, call: number) => SsoCallError | undefined } = {}) {
  const pageSize = opts.pageSize ?? 100;
  const ids = Array.from({ length: accounts }, (_, i) => String(100000000000 + i));
  let now = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const log: { what: string; at: number }[] = [];
  const timers: { at: number; wake: () => void }[] = [];
  const advance = async (ms: number) => {
    const until = now + ms;
    await new Promise<void>((wake) => timers.push({ at: until, wake }));
  };
  // Fake time: whenever every task is waiting, jump to the earliest timer.
  const pump = setInterval(() => {
    timers.sort((a, b) => a.at - b.at);
    const next = timers.shift();
    if (next) {
      now = Math.max(now, next.at);
      next.wake();
    }
  }, 0);
  const page = <T>(items: T[], token: string | undefined) => {
    const start = token === undefined ? 0 : Number(token);
    const end = start + pageSize;
    return { items: items.slice(start, end), nextToken: end < items.length ? String(end) : undefined };
  };
  const call = async <T>(what: string, answer: () => T): Promise<T> => {
    const n = log.filter((l) => l.what === what).length;
    log.push({ what, at: now });
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    try {
      await advance(10);
      const error = opts.fail?.(what, n);
      if (error) throw error;
      return answer();
    } finally {
      inFlight--;
    }
  };
  const lister: PortalLister = {
    accountsPage: (token) => call(`accounts ${token ?? 0}`, () => {
      const p = page(ids, token);
      return { accounts: p.items.map((id) => ({ accountId: id, accountName: `acct-${Number(id) % 7}` })), nextToken: p.nextToken };
    }),
    rolesPage: (id, token) => call(`roles ${id} ${token ?? 0}`, () => {
      const p = page(Array.from({ length: roles }, (_, r) => `Role${r}`), token);
      return { roleNames: p.items, nextToken: p.nextToken };
    }),
  };
  const clock = { now: () => now, sleep: (ms: number) => advance(ms), random: () => 0.5 };
  const ctx = { lister, clock, log: createLogger({ debug: false, write: () => undefined }), subject: "sso-session 'acme'", sessionName: 'acme' };
  return { ctx, log, stats: () => ({ maxInFlight, now }), stop: () => clearInterval(pump) };
}

async function run<T>(p: ReturnType<typeof portal>, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } finally {
    p.stop();
  }
}

const throttled = () => new SsoCallError('throttled', 'TooManyRequestsException (HTTP 429), still after retries');

describe('listAssignments', () => {
  test('500 accounts × 3 roles, pages of 100: each assignment once, sorted, never more than the concurrency in flight', async () => {
    const p = portal(500, 3);
    const list = await run(p, () => listAssignments(p.ctx));
    expect(list).toHaveLength(1500);
    expect(new Set(list.map((a) => `${a.accountId}/${a.roleName}`)).size).toBe(1500);
    const keys = list.map((a) => `${a.accountName}\n${a.accountId}\n${a.roleName}`);
    expect(keys).toEqual([...keys].sort());
    expect(p.log.filter((l) => l.what.startsWith('accounts'))).toHaveLength(5);
    expect(p.log.filter((l) => l.what.startsWith('roles'))).toHaveLength(500);
    expect(p.stats().maxInFlight).toBe(LIST_ROLES_CONCURRENCY);
    // 5 sequential account pages, then 500 role calls 4 at a time, 10 ms each.
    expect(p.stats().now).toBe(50 + (500 / LIST_ROLES_CONCURRENCY) * 10);
  });

  test('roles over several pages, and an account listed twice, are each taken once', async () => {
    const p = portal(3, 5, { pageSize: 2 });
    const list = await run(p, () => listAssignments(p.ctx));
    expect(list).toHaveLength(15);
    expect(p.log.filter((l) => l.what.startsWith('roles 100000000000'))).toHaveLength(3);
  });

  test('a page throttled past the SDK\'s retries is tried again after a pause that every call waits out', async () => {
    const p = portal(20, 1, { fail: (what, n) => (what === 'roles 100000000005 0' && n < 2 ? throttled() : undefined) });
    const list = await run(p, () => listAssignments(p.ctx));
    expect(list).toHaveLength(20);
    const tries = p.log.filter((l) => l.what === 'roles 100000000005 0');
    expect(tries).toHaveLength(3);
    // random() is 0.5, so each pause is 3/4 of its nominal length: 750 ms, then 1500 ms.
    expect(tries[1]!.at - tries[0]!.at).toBe(10 + 0.75 * THROTTLE_PAUSE_MS);
    expect(tries[2]!.at - tries[1]!.at).toBe(10 + 1.5 * THROTTLE_PAUSE_MS);
    const during = p.log.filter((l) => l.at > tries[0]!.at + 10 && l.at < tries[1]!.at);
    expect(during).toEqual([]); // nothing started during the pause
  });

  test('throttled on every try: exit 1 after MAX_THROTTLED_TRIES, saying nothing was written; no call after', async () => {
    const p = portal(20, 1, { fail: (what) => (what === 'roles 100000000003 0' ? throttled() : undefined) });
    const error = await run(p, () => listAssignments(p.ctx).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(KeyrackError);
    expect((error as KeyrackError).exitCode).toBe(1);
    expect((error as KeyrackError).describe()).toMatch(/^sso-session 'acme': the SSO service kept throttling ListAccountRoles for account 100000000003 \(.*\); nothing was written\. Wait a few minutes/);
    expect(p.log.filter((l) => l.what === 'roles 100000000003 0')).toHaveLength(MAX_THROTTLED_TRIES);
    expect(p.log.length).toBeLessThan(20 + MAX_THROTTLED_TRIES); // the accounts after it were never asked about
  });

  test.each([
    ['a refused token is exit 3 with the login command', new SsoCallError('unauthorized', 'UnauthorizedException (HTTP 401)'), 3, /no longer accepts the session's token .*Run: keyrack-cp login --sso-session acme$/],
    ['a refused account (403) is exit 1 saying there is no access to it, not retried', new SsoCallError('forbidden', 'ForbiddenException (HTTP 403)'), 1, /refused ListAccountRoles for account 100000000002 \(ForbiddenException \(HTTP 403\)\): you have no access to it; nothing was written\. Check the account id/],
    ['a server error is exit 1, not retried', new SsoCallError('server', 'InternalServerException (HTTP 500), still after retries'), 1, /ListAccountRoles for account 100000000002 failed \(InternalServerException/],
  ])('%s', async (_name, failure, code, message) => {
    const p = portal(10, 1, { fail: (what) => (what === 'roles 100000000002 0' ? failure : undefined) });
    const error = (await run(p, () => listAssignments(p.ctx).catch((e: unknown) => e))) as KeyrackError;
    expect([error.exitCode, error.describe()]).toEqual([code, expect.stringMatching(message)]);
    expect(p.log.filter((l) => l.what === 'roles 100000000002 0')).toHaveLength(1);
  });

  test('no call starts past the deadline: the listing fails, exit 1', async () => {
    const p = portal(10, 1, { fail: (what, n) => (what === 'roles 100000000000 0' && n < 4 ? throttled() : undefined) });
    const slow = { ...p.ctx, clock: { ...p.ctx.clock, sleep: (ms: number) => p.ctx.clock.sleep(Math.max(ms, LIST_DEADLINE_MS / 2)) } };
    const error = (await run(p, () => listAssignments(slow).catch((e: unknown) => e))) as KeyrackError;
    expect(error.describe()).toMatch(/listing the accounts and roles took longer than 5 minutes, so it was stopped; nothing was written/);
    expect(p.log.every((l) => l.at < LIST_DEADLINE_MS)).toBe(true);
  });

  test('a page token that comes back is a list that never ends: exit 1', async () => {
    const looping: PortalLister = {
      accountsPage: async () => ({ accounts: [{ accountId: '111122223333', accountName: 'a' }], nextToken: 'same' }),
      rolesPage: async () => ({ roleNames: [], nextToken: undefined }),
    };
    const p = portal(0, 0);
    const error = (await run(p, () => listAssignments({ ...p.ctx, lister: looping }).catch((e: unknown) => e))) as KeyrackError;
    expect([error.exitCode, error.problem]).toEqual([1, expect.stringMatching(/answers to ListAccounts never end \(a page token came back\)/)]);
  });
});
