// The lock's defaults, wired here at the edge: the real clock, timers and randomness, and processes as the kernel
// sees them (this one, and a lock owner's pid).

import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { LockIdentity } from './lockOwner.ts';
import { parseProcStat } from './parseProcStat.ts';
import type { ProcessProbe } from './planLockAttempt.ts';
import type { LockIo } from './sessionLock.ts';

let self: LockIdentity | undefined;

export const systemLockIo: LockIo = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  // Uniqueness, not secrecy: the nonce only tells one holding from another (and node:crypto costs ~3 ms to load).
  random: Math.random,
  self: () => (self ??= readSelf()),
  probe: probeProcess,
  every: (ms, tick) => {
    // unref: the heartbeat must never keep a finished process alive.
    const timer = setInterval(tick, ms);
    timer.unref();
    return () => clearInterval(timer);
  },
};

function readSelf(): LockIdentity {
  const linux = process.platform === 'linux';
  return {
    pid: process.pid,
    host: hostname(),
    bootId: linux ? orNull(() => readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()) : null,
    pidNamespace: linux ? orNull(() => readlinkSync('/proc/self/ns/pid')) : null,
    startTime: linux ? orNull(() => parseProcStat(readFileSync('/proc/self/stat', 'utf8'))?.startTime ?? null) : null,
  };
}

/**
 * Signal 0 asks whether the pid exists without touching it: ESRCH, none; EPERM, it exists (another user's). On Linux
 * /proc then tells a zombie (it has exited: it holds nothing) and gives the start time that tells a reused pid.
 */
export function probeProcess(pid: number): ProcessProbe {
  try {
    process.kill(pid, 0);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return { kind: 'gone' };
    // Anything but EPERM is unexpected; "running, unverifiable" leaves the decision to the heartbeat.
    if (code !== 'EPERM') return { kind: 'running', startTime: null };
  }
  if (process.platform !== 'linux') return { kind: 'running', startTime: null };
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (error) {
    // Gone between the two looks; any other failure (/proc hidden, hidepid) leaves it unverifiable.
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? { kind: 'gone' } : { kind: 'running', startTime: null };
  }
  const stat = parseProcStat(text);
  if (!stat) return { kind: 'running', startTime: null };
  if (stat.state === 'Z' || stat.state === 'X') return { kind: 'exited' };
  return { kind: 'running', startTime: stat.startTime };
}

function orNull<T>(read: () => T | null): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}
