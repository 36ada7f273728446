// The lock's defaults, wired here at the edge: the real clock, timers and randomness, and processes as the kernel
// sees them (this one, and a lock owner's pid).

import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import type { LockIdentity } from './lockOwner.ts';
import { parseProcStat } from './parseProcStat.ts';
import type { ProcessProbe } from './planLockAttempt.ts';
import type { LockIo } from './lockIo.ts';

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
    startTime: linux ? orNull(() => parseProcStat(readFileSync(statPath(process.pid), 'utf8'))?.startTime ?? null) : null,
  };
}

/**
 * The main thread's stat, not /proc/self/stat or /proc/<pid>/stat: qemu-user answers a process's reads of those two
 * with a stat of its own making, whose start time is not the kernel's (measured with qemu 7.2 and the linux-arm64
 * build: 490863 read by the process itself, 490862 by any other), so every waiter took the holder for a later
 * process and 16 processes made 16 CreateTokens. The thread's file holds the same fields for the main thread (pid =
 * tid), and qemu passes it through; the probe reads the same file, so the two sides always compare like with like.
 */
const statPath = (pid: number) => `/proc/${pid}/task/${pid}/stat`;

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
    text = readFileSync(statPath(pid), 'utf8');
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
