// Running `keyrack-cp serve` for a test: started in a sandbox, the two lines it prints read back, requests made to it
// as a client would (any bytes, any headers), and stopped; its stderr goes to the sandbox's secrets audit.

import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { RunResult, Sandbox } from './sandbox.ts';

export interface Serving {
  readonly pid: number;
  /** What it printed once listening, parsed from `--format env-no-export` (or the raw text for another format). */
  readonly url: string;
  readonly token: string;
  readonly printed: string;
  stdout(): string;
  stderr(): string;
  /** Sends the signal and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<RunResult>;
  readonly done: Promise<RunResult>;
}

/** Starts it and resolves once both lines are out; rejects with its output if it ends or stays silent first. */
export function startServe(box: Sandbox, command: readonly string[], args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<Serving> {
  const started = Date.now();
  const child = spawn(command[0]!, [...command.slice(1), 'serve', ...args], { env: box.env(extraEnv), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<RunResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      box.stderrs.push(stderr);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no address in 10 s; stdout:\n${stdout}\nstderr:\n${stderr}`)), 10_000);
    void done.then((r) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`serve ended (exit ${String(r.code)}) before printing its address; stderr:\n${r.stderr}`), { result: r }));
    });
    const check = () => {
      const lines = stdout.split('\n');
      if (lines.length < 3) return;
      clearTimeout(timer);
      child.stdout.off('data', check);
      const value = (name: string) => /=(\S+)$/.exec(lines.find((l) => l.includes(name)) ?? '')?.[1]?.replace(/^["']|["']$/g, '') ?? '';
      resolve({
        pid: child.pid!,
        url: value('AWS_CONTAINER_CREDENTIALS_FULL_URI'),
        token: value('AWS_CONTAINER_AUTHORIZATION_TOKEN'),
        printed: lines.slice(0, 2).join('\n') + '\n',
        stdout: () => stdout,
        stderr: () => stderr,
        stop: (signal = 'SIGTERM') => {
          child.kill(signal);
          return done;
        },
        done,
      });
    };
    child.stdout.on('data', check);
  });
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
  readonly json: Record<string, unknown> | null;
  readonly ms: number;
}

/** A GET as the SDKs make it: the token, if given, as the whole Authorization header. */
export function getCredentials(url: string, token: string | undefined, options: { method?: string; path?: string; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
  const target = new URL(url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port,
        path: options.path ?? target.pathname,
        method: options.method ?? 'GET',
        headers: { ...(token === undefined ? {} : { Authorization: token }), ...options.headers },
        agent: false,
      },
      (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => {
          let json: Record<string, unknown> | null = null;
          try {
            json = JSON.parse(body) as Record<string, unknown>;
          } catch {
            // not JSON: the caller looks at body
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json, ms: Date.now() - started });
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Raw bytes to the server, for what no HTTP client sends: resolves with everything it answered and how long until it
 * closed the connection (capped by `waitMs`: then `closed` is false).
 */
export function sendRaw(url: string, bytes: string | Buffer, waitMs = 15_000): Promise<{ readonly answer: string; readonly closed: boolean; readonly ms: number }> {
  const target = new URL(url);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(Number(target.port), target.hostname, () => socket.write(bytes));
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ answer, closed: false, ms: Date.now() - started });
    }, waitMs);
    socket.on('data', (d) => (answer += d));
    // A reset after the answer is still an answer: the server may close without reading what was left.
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ answer, closed: true, ms: Date.now() - started });
    });
  });
}
