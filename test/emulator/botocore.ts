// Runs botocore (python3 from PATH, a pyenv shim here) against the emulator in a clean environment: only PATH and
// the PYENV_* variables survive, HOME is the test's own, and the SSO endpoints point at the emulator.

import { spawn } from 'node:child_process';
import { join } from 'node:path';

const SCRIPT = join(import.meta.dirname, 'botocore_credentials.py');
const PORTAL_SCRIPT = join(import.meta.dirname, 'botocore_portal.py');

export interface BotocoreRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** The script's one JSON line: {access_key, secret_key, token} or {error, message}. */
  readonly result: Record<string, unknown>;
}

export function botocoreCredentials(opts: { home: string; profile: string; endpoint: string }): Promise<BotocoreRun> {
  return runBotocore(SCRIPT, [opts.profile], opts);
}

/** botocore_portal.py: its SSO client's paginators (`list`), or the federation endpoint called as aws-sso-util does. */
export function botocorePortal(opts: { home: string; endpoint: string }, args: readonly string[]): Promise<BotocoreRun> {
  return runBotocore(PORTAL_SCRIPT, args, opts);
}

function runBotocore(script: string, args: readonly string[], opts: { home: string; endpoint: string }): Promise<BotocoreRun> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('PYENV'))),
    HOME: opts.home,
    AWS_CONFIG_FILE: join(opts.home, '.aws', 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(opts.home, '.aws', 'credentials'),
    AWS_ENDPOINT_URL_SSO: opts.endpoint,
    AWS_ENDPOINT_URL_SSO_OIDC: opts.endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  return new Promise((resolve, reject) => {
    const child = spawn('python3', [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      let result: Record<string, unknown>;
      try {
        result = JSON.parse(stdout);
      } catch {
        reject(new Error(`botocore script printed no JSON (exit ${code}): ${stdout}${stderr}`));
        return;
      }
      resolve({ code, stdout, stderr, result });
    });
  });
}
