// Running the built artifacts for the sign-in tests: watched while they run (a test reads the URL or code they print,
// then plays the user), with or without a controlling terminal, never with the developer's own.

import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { pythonExecutable } from './python.ts';
import { ROOT, type RunResult } from './sandbox.ts';

export interface LiveRun {
  stdout(): string;
  stderr(): string;
  /** What the process wrote on its terminal (runs with a terminal only). */
  tty(): string;
  /** Types on the process's terminal, as a user does (runs with a terminal only): "\n" ends a line, "\x04" is Ctrl-D. */
  type(text: string): void;
  /**
   * Resolves with the first match in the output watched (stderr, or the terminal), bounded; `from`: only in what came
   * after that many characters (a question asked again).
   */
  waitFor(pattern: RegExp, timeoutMs?: number, from?: number): Promise<RegExpExecArray>;
  readonly done: Promise<RunResult>;
}

/**
 * `audit`: the sandbox whose secrets audit (test/helpers/audit.ts) also checks this run's stderr.
 *
 * In a new session with no controlling terminal (setsid, as a daemon or a CI job): /dev/tty cannot be opened, so
 * a test run from a developer's terminal behaves as it does in CI.
 */
export function startDetached(command: readonly string[], args: readonly string[], env: NodeJS.ProcessEnv, audit?: { stderrs: string[] }): LiveRun {
  const started = Date.now();
  const child = spawn(command[0]!, [...command.slice(1), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  const notify = () => watchers.forEach((w) => w());
  child.stdout.on('data', (d) => { stdout += d; notify(); });
  child.stderr.on('data', (d) => { stderr += d; notify(); });
  const done = new Promise<RunResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      notify();
      audit?.stderrs.push(stderr);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
  const type = () => {
    throw new Error('a detached run has no terminal to type on');
  };
  return { stdout: () => stdout, stderr: () => stderr, tty: () => '', type, waitFor: (p, t, f) => waitFor(() => stderr.slice(f ?? 0), p, watchers, done, t), done };
}

/**
 * As an SDK runs credential_process from a user's shell: stdout and stderr are pipes, and a (pseudo-)terminal is the
 * controlling terminal, so /dev/tty reaches the user (test/helpers/run_with_tty.py).
 */
export function startWithTerminal(command: readonly string[], args: readonly string[], env: NodeJS.ProcessEnv, audit?: { stderrs: string[] }): LiveRun {
  const started = Date.now();
  const helper = spawn(pythonExecutable(), [join(ROOT, 'test', 'helpers', 'run_with_tty.py'), ...command, ...args], { env, stdio: ['pipe', 'pipe', 'inherit'], detached: true });
  let tty = '';
  let buffered = '';
  let final: { exit: number; stdout: string; stderr: string } | undefined;
  const watchers = new Set<() => void>();
  helper.stdout.on('data', (d) => {
    buffered += d;
    let newline;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const event = JSON.parse(buffered.slice(0, newline)) as { tty?: string; exit?: number; stdout?: string; stderr?: string };
      buffered = buffered.slice(newline + 1);
      if (event.tty !== undefined) tty += event.tty;
      else final = event as typeof final;
    }
    watchers.forEach((w) => w());
  });
  const done = new Promise<RunResult>((resolve, reject) => {
    helper.on('error', reject);
    helper.on('exit', () => helper.stdin.end());
    helper.on('close', () => {
      watchers.forEach((w) => w());
      if (!final) return reject(new Error('run_with_tty.py ended without the command\'s result'));
      // What the user saw on the terminal is audited like stderr: it must hold no secret either.
      audit?.stderrs.push(final.stderr, tty);
      resolve({ code: final.exit, signal: null, stdout: final.stdout, stderr: final.stderr, ms: Date.now() - started });
    });
  });
  // The helper may be gone when a test types after the process ended: the test's own assertions say so.
  helper.stdin.on('error', () => undefined);
  const type = (text: string) => void helper.stdin.write(text);
  return { stdout: () => final?.stdout ?? '', stderr: () => final?.stderr ?? '', tty: () => tty, type, waitFor: (p, t, f) => waitFor(() => tty.slice(f ?? 0), p, watchers, done, t), done };
}

function waitFor(text: () => string, pattern: RegExp, watchers: Set<() => void>, done: Promise<RunResult>, timeoutMs = 20_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = pattern.exec(text());
      if (match) finish(() => resolve(match));
    };
    const timer = setTimeout(() => finish(() => reject(new Error(`${pattern} did not appear within ${timeoutMs} ms; output so far:\n${text()}`))), timeoutMs);
    const finish = (then: () => void) => {
      clearTimeout(timer);
      watchers.delete(check);
      then();
    };
    watchers.add(check);
    void done.then(() => setTimeout(() => finish(() => reject(new Error(`the process ended before ${pattern} appeared; output:\n${text()}`))), 0));
    check();
  });
}

/** Waits, bounded, for something a detached helper does after our process has exited (the browser's last log line). */
export async function eventually<T>(read: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const started = Date.now();
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() - started > timeoutMs) throw new Error('not seen in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
