// A throwaway HOME with an AWS config and token cache, and a way to run the built artifacts in it.

import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { getTokenCachePath } from '../../src/token/tokenCachePath.ts';
import { HOST_PLATFORM } from './hostPlatform.ts';

export const ROOT = resolve(import.meta.dirname, '..', '..');
/** The build host's own executable (Bun's compiler): dist/keyrack-cp, keyrack-cp.exe on Windows. */
export const EXE = join(ROOT, 'dist', process.platform === 'win32' ? 'keyrack-cp.exe' : 'keyrack-cp');
const CJS = join(ROOT, 'dist', 'keyrack-cp.cjs');

/** Both built artifacts; each end-to-end test runs against each. */
export const ARTIFACTS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['single executable', [EXE]],
  ['bundle on this Node', [process.execPath, CJS]],
];

export function assertBuilt(): void {
  for (const f of [EXE, CJS]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first (npm test does).`);
  }
}

export const START_URL = 'https://d-abc.awsapps.com/start';

export const CONFIG = `[profile dev]
sso_session = acme
sso_account_id = 111122223333
sso_role_name = ReadOnly
region = eu-west-1

[sso-session acme]
sso_start_url = ${START_URL}
sso_region = us-east-1
sso_registration_scopes = sso:account:access
`;

export interface RunResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** Every sandbox made since the last audit (test/helpers/audit.ts checks and forgets them after each test). */
export const sandboxesToAudit: Sandbox[] = [];

export class Sandbox {
  readonly home = mkdtempSync(join(tmpdir(), 'krcp-e2e-'));
  /** stderr of every run in this sandbox, for the secrets audit. */
  readonly stderrs: string[] = [];
  /** Set by a test that loosens modes on purpose (to provoke a permission error). */
  skipModeAudit = false;
  constructor(
    readonly emulatorUrl: string,
    config = CONFIG,
  ) {
    this.writeConfig(config);
    sandboxesToAudit.push(this);
  }

  get configPath() {
    return join(this.home, '.aws', 'config');
  }

  tokenPath(session = 'acme') {
    return getTokenCachePath(this.home, session, HOST_PLATFORM);
  }

  writeConfig(text: string): void {
    mkdirSync(dirname(this.configPath), { recursive: true });
    writeFileSync(this.configPath, text);
  }

  writeToken(doc: Record<string, unknown>, session = 'acme'): void {
    const path = this.tokenPath(session);
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    writeFileSync(path, JSON.stringify(doc));
    chmodSync(path, 0o600);
  }

  readToken(session = 'acme'): Record<string, unknown> {
    return JSON.parse(readFileSync(this.tokenPath(session), 'utf8'));
  }

  /** A clean environment: nothing from the developer's shell or this machine's AWS settings leaks in. */
  env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: this.home,
      AWS_ENDPOINT_URL_SSO: this.emulatorUrl,
      AWS_ENDPOINT_URL_SSO_OIDC: this.emulatorUrl,
      ...extra,
    };
  }

  run(command: readonly string[], args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<RunResult> {
    return this.record(runProcess(command, args, this.env(extraEnv)));
  }

  private record(pending: Promise<RunResult>): Promise<RunResult> {
    return pending.then((r) => {
      this.stderrs.push(r.stderr);
      return r;
    });
  }

  /** Like run, but hands back the pid at once (to signal the process). */
  start(command: readonly string[], args: readonly string[], extraEnv: NodeJS.ProcessEnv = {}): { pid: number; done: Promise<RunResult> } {
    let pid = 0;
    const done = this.record(runProcess(command, args, this.env(extraEnv), (p) => (pid = p)));
    return { pid, done };
  }
}

export function runProcess(command: readonly string[], args: readonly string[], env: NodeJS.ProcessEnv, onSpawn?: (pid: number) => void): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command[0]!, [...command.slice(1), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    if (child.pid && onSpawn) onSpawn(child.pid);
    child.on('close', (code, signal) => resolvePromise({ code, signal, stdout, stderr, ms: Date.now() - started }));
  });
}

/** Every secret a test used must be absent from what the user (or a log collector) can see. */
export function leakedSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string[] {
  return secrets.filter((s): s is string => !!s && text.includes(s));
}
