// Who holds a lock: the record its holder writes inside the lock directory, and reading it back, checked.

import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { readRegularFile } from '../fs/readRegularFile.ts';
import { SECRET_FILE_MODE } from '../platform/fileModes.ts';

/** The record's name inside the lock directory. */
export const LOCK_OWNER_FILE = 'owner.json';

/**
 * A process as a lock owner. The Linux facts are null elsewhere, and where /proc cannot be read: a waiter then
 * cannot check the pid and goes by the heartbeat alone (planLockAttempt.ts).
 */
export interface LockIdentity {
  readonly pid: number;
  readonly host: string;
  /** /proc/sys/kernel/random/boot_id: a pid means something only within the kernel's boot that issued it. */
  readonly bootId: string | null;
  /** readlink /proc/self/ns/pid: a container has its own pid numbering; a pid from another one names nothing here. */
  readonly pidNamespace: string | null;
  /** Field 22 of /proc/<pid>/stat (clock ticks after boot): a later process given the same pid has another. */
  readonly startTime: string | null;
}

export interface LockOwner extends LockIdentity {
  /** Random, made at each acquisition: tells this holding of the lock from any other, even by the same process. */
  readonly nonce: string;
}

/**
 * Writes the record with O_CREAT|O_EXCL ('wx'), not a temp file renamed into place. Exclusive creation is what makes
 * the lock race-free: the holder is whoever created owner.json, not whoever made the directory. A process that made
 * a directory which a waiter then moved aside (it looked like a dead lock without a record) and another process
 * re-made, would otherwise write its record into the newcomer's lock and both would hold it; with 'wx' one of them
 * gets EEXIST (or ENOENT, the directory gone) and starts over. The price is that a reader can catch the record
 * half-written, which it treats as no record: the cautious reading (the heartbeat rule), never a wrong take-over.
 * Not fsynced: after a power loss the lock's silence is what counts, and it is long by then.
 *
 * Throws the file system's error: EEXIST or ENOENT mean the directory is no longer ours.
 */
export function writeLockOwner(lockDir: string, owner: LockOwner): void {
  const fd = openSync(join(lockDir, LOCK_OWNER_FILE), 'wx', SECRET_FILE_MODE);
  try {
    writeSync(fd, lockOwnerText(owner));
  } finally {
    closeSync(fd);
  }
}

export function lockOwnerText(owner: LockOwner): string {
  const { pid, host, bootId, pidNamespace, startTime, nonce } = owner;
  return `${JSON.stringify({ pid, host, bootId, pidNamespace, startTime, nonce })}\n`;
}

/** The lock's owner, or null when there is no readable record (not written yet, half-written, junk, an older keyrack-cp). */
export function readLockOwner(lockDir: string): LockOwner | null {
  let text: string;
  try {
    text = readRegularFile(join(lockDir, LOCK_OWNER_FILE)); // a FIFO or a directory there must not hang or throw
  } catch {
    return null;
  }
  return parseLockOwner(text);
}

/**
 * Checked at the edge: the pid must be a positive integer before anything signals it (process.kill(0, 0) and
 * process.kill(-1, 0) address process groups, not a process).
 */
export function parseLockOwner(text: string): LockOwner | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const r = value as Record<string, unknown>;
  const nullableString = (v: unknown) => v === null || typeof v === 'string';
  if (typeof r.pid !== 'number' || !Number.isSafeInteger(r.pid) || r.pid <= 0) return null;
  if (typeof r.host !== 'string' || typeof r.nonce !== 'string' || r.nonce === '') return null;
  if (!nullableString(r.bootId) || !nullableString(r.pidNamespace) || !nullableString(r.startTime)) return null;
  return {
    pid: r.pid,
    host: r.host,
    bootId: r.bootId as string | null,
    pidNamespace: r.pidNamespace as string | null,
    startTime: r.startTime as string | null,
    nonce: r.nonce,
  };
}
