// The real probe and identity, against real processes on this (Linux) machine.

import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { afterEach, expect, test } from 'vitest';
import { probeProcess, systemLockIo } from '../../src/lock/systemLockIo.ts';

const children: number[] = [];
afterEach(() => {
  for (const pid of children.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

const stateOf = (pid: number) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0];
async function until(check: () => boolean) {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

test('this process: its pid, host, boot, pid namespace and start time; probed, it is running with that start time', () => {
  const self = systemLockIo.self();
  expect(self).toMatchObject({ pid: process.pid, bootId: readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() });
  expect(self.pidNamespace).toMatch(/^pid:\[\d+\]$/);
  expect(self.startTime).toMatch(/^\d+$/);
  expect(probeProcess(process.pid)).toEqual({ kind: 'running', startTime: self.startTime });
});

test('a process that has exited and been collected is gone', () => {
  const { pid } = spawnSync('true');
  expect(probeProcess(pid!)).toEqual({ kind: 'gone' });
});

test('a stopped process (SIGSTOP) is still running: a stopped holder is a holder', async () => {
  const child = spawn('sleep', ['30']);
  children.push(child.pid!);
  process.kill(child.pid!, 'SIGSTOP');
  await until(() => stateOf(child.pid!) === 'T');
  expect(probeProcess(child.pid!)).toEqual({ kind: 'running', startTime: expect.stringMatching(/^\d+$/) });
});

test('a zombie (exited, its parent has not collected it) has exited', async () => {
  // `sleep 0 &` is the shell's child; `exec sleep 30` then replaces the shell with a parent that never waits.
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
  children.push(parent.pid!);
  const zombie = Number(await new Promise<string>((r) => createInterface({ input: parent.stdout! }).once('line', r)));
  await until(() => stateOf(zombie) === 'Z');
  expect(probeProcess(zombie)).toEqual({ kind: 'exited' });
});
