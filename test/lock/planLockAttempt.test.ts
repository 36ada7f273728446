import { expect, test } from 'vitest';
import type { LockIdentity, LockOwner } from '../../src/lock/lockOwner.ts';
import { LOCK_STALE_MS, LOCK_WAIT_MS, planLockAttempt, type LockFacts, type LockPlan, type ProcessProbe } from '../../src/lock/planLockAttempt.ts';

const LINUX: LockIdentity = { pid: 100, host: 'box', bootId: 'boot-1', pidNamespace: 'pid:[4026531836]', startTime: '5000' };
const MAC: LockIdentity = { pid: 100, host: 'mac', bootId: null, pidNamespace: null, startTime: null };
const owner = (o: Partial<LockOwner> = {}): LockOwner => ({ ...LINUX, pid: 200, startTime: '7000', nonce: 'n1', ...o });

const GONE: ProcessProbe = { kind: 'gone' };
const ZOMBIE: ProcessProbe = { kind: 'exited' };
const RUNNING: ProcessProbe = { kind: 'running', startTime: '7000' };
const REUSED: ProcessProbe = { kind: 'running', startTime: '9000' };
const UNVERIFIABLE: ProcessProbe = { kind: 'running', startTime: null };

const HOUR = 3_600_000;
const FRESH = 100;
const STALE = LOCK_STALE_MS;

type Row = [string, Partial<LockFacts>, LockPlan['action'], RegExp];

test.each<Row>([
  // Same boot and pid namespace: the kernel decides, whatever the heartbeat says.
  ['holder exited (ESRCH), lock fresh', { probe: GONE, silentMs: FRESH }, 'take-over', /pid 200 on this machine, has exited$/],
  ['holder a zombie', { probe: ZOMBIE, silentMs: FRESH }, 'take-over', /has exited \(a zombie/],
  // Another start time: a later process given that pid, or a /proc that misreports (qemu-user): the heartbeat decides.
  ['running with another start time, lock fresh', { probe: REUSED, silentMs: FRESH }, 'wait', /pid 200 on this machine, is running, but not with the recorded start time/],
  ['running with another start time, lock silent', { probe: REUSED, silentMs: STALE }, 'take-over', /not with the recorded start time.*no sign of life for 5\.0 s/],
  ['holder running, silent for an hour: still the holder', { probe: RUNNING, silentMs: HOUR }, 'wait', /pid 200 on this machine, is running \(lock silent for 3600\.0 s\)/],
  ['holder running, fresh', { probe: RUNNING, silentMs: FRESH }, 'wait', /is running/],
  ['holder running at the wait limit → give up', { probe: RUNNING, silentMs: HOUR, waitedMs: LOCK_WAIT_MS }, 'give-up', /is running .*; waited 30\.0 s, the limit/],
  ['holder exited at the wait limit → still taken over', { probe: GONE, waitedMs: LOCK_WAIT_MS }, 'take-over', /has exited/],
  ['another user\'s process (EPERM) with the recorded start time', { probe: RUNNING, silentMs: 2 * STALE }, 'wait', /is running/],
  // Running, but the start time cannot be compared: the heartbeat decides.
  ['start time unreadable here, lock fresh', { probe: UNVERIFIABLE, silentMs: FRESH }, 'wait', /cannot tell it from a later process/],
  ['start time unreadable here, lock silent', { probe: UNVERIFIABLE, silentMs: STALE }, 'take-over', /cannot tell .* no sign of life for 5\.0 s/],
  ['no start time recorded, lock silent', { owner: owner({ startTime: null }), probe: RUNNING, silentMs: STALE }, 'take-over', /cannot tell/],
  // Owners whose pid names nothing here: the heartbeat rule.
  ['another pid namespace (a container), fresh', { owner: owner({ pidNamespace: 'pid:[4026532999]' }), probe: GONE, silentMs: 4_999 }, 'wait', /'box', is in another machine, container or pid namespace; last sign of life 5\.0 s ago/],
  ['another pid namespace, silent', { owner: owner({ pidNamespace: 'pid:[4026532999]' }), probe: RUNNING, silentMs: STALE }, 'take-over', /another machine, container or pid namespace, and it has shown no sign of life/],
  ['another boot (another machine, or before a reboot), silent', { owner: owner({ bootId: 'boot-0' }), probe: RUNNING, silentMs: HOUR }, 'take-over', /another machine/],
  ['same host name, another boot, fresh: not trusted to be this machine', { owner: owner({ bootId: 'boot-2' }), probe: GONE, silentMs: FRESH }, 'wait', /another machine/],
  ['an owner without /proc facts, this one with them', { owner: owner({ bootId: null, pidNamespace: null, startTime: null }), probe: GONE, silentMs: FRESH }, 'wait', /another machine/],
  ['another host at the wait limit, still fresh → give up', { owner: owner({ bootId: 'boot-0' }), probe: GONE, silentMs: FRESH, waitedMs: LOCK_WAIT_MS }, 'give-up', /another machine.*waited 30\.0 s/],
  // No readable record: the holder is between mkdir and writing it, or it is an older keyrack-cp's lock.
  ['no record, fresh', { owner: null, probe: null, silentMs: FRESH }, 'wait', /no readable owner record/],
  ['no record, silent', { owner: null, probe: null, silentMs: STALE }, 'take-over', /no readable owner record.*no sign of life for 5\.0 s/],
  ['no record, a custom wait ended', { owner: null, probe: null, silentMs: FRESH, waitedMs: 300, waitMs: 300 }, 'give-up', /waited 0\.3 s, the limit/],
])('%s → %s', (_name, facts, action, reason) => {
  const plan = planLockAttempt({ owner: owner(), self: LINUX, probe: RUNNING, silentMs: FRESH, waitedMs: 0, waitMs: LOCK_WAIT_MS, jitter: 0, ...facts });
  expect(plan.action).toBe(action);
  expect(plan.reason).toMatch(reason);
});

test.each<[string, LockIdentity, Partial<LockOwner>, LockPlan['action']]>([
  ['macOS, same host, pid gone', MAC, {}, 'take-over'],
  ['macOS, another host of the same home (NFS), pid "gone" here means nothing', MAC, { host: 'other-mac' }, 'wait'],
])('%s → %s', (_name, self, o, action) => {
  const plan = planLockAttempt({ owner: { ...MAC, pid: 200, nonce: 'n', ...o }, self, probe: GONE, silentMs: FRESH, waitedMs: 0, waitMs: LOCK_WAIT_MS, jitter: 0 });
  expect(plan.action).toBe(action);
});

test.each<[number, number, number]>([
  // waitedMs, jitter → the next look: 20–100 ms while the holder is young, 250 ms more once it has been at it for a while.
  [0, 0, 20],
  [0, 0.999, 99],
  [LOCK_STALE_MS, 0.5, 60],
  [LOCK_STALE_MS + 1, 0.5, 310],
])('waited %i ms, jitter %d → look again in %i ms', (waitedMs, jitter, retryInMs) => {
  const plan = planLockAttempt({ owner: owner(), self: LINUX, probe: RUNNING, silentMs: FRESH, waitedMs, waitMs: LOCK_WAIT_MS, jitter });
  expect(plan).toMatchObject({ action: 'wait', retryInMs });
});
