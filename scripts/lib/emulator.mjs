// The bundled SSO emulator (dist/emulator.cjs) as the demo and the bench run it: a child process on an ephemeral
// 127.0.0.1 port, driven through its /__emulator/ control API (test/emulator/control.ts).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';

/** @param {string} root the project root (dist/emulator.cjs must be built) */
export async function startEmulator(root) {
  const child = spawn(process.execPath, [join(root, 'dist', 'emulator.cjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line).url));
  });
  /**
   * One control call: GET without a body, POST with one.
   * @param {string} action  e.g. 'seed-login', 'count?operation=CreateToken'
   * @param {unknown} [body]
   */
  const control = (action, body) => {
    const target = `${url}/__emulator/${action}`;
    return new Promise((resolve, reject) => {
      const req = request(target, { method: body === undefined ? 'GET' : 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (d) => (text += d));
        res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`${target}: ${res.statusCode} ${text}`))));
      });
      req.on('error', reject);
      req.end(body === undefined ? undefined : JSON.stringify(body));
    });
  };
  return { url: /** @type {string} */ (url), control, stop: () => child.kill('SIGTERM') };
}

/**
 * A throwaway HOME holding one sso-session profile, the profile and its session both named `name`, and a way to put
 * a signed-in user's token there (`ttlSeconds` left; negative for an expired one) as `aws sso login` would.
 * @param {string} name
 * @param {string} startUrl
 * @param {(action: string, body?: unknown) => Promise<any>} control  the emulator's
 */
export function scenarioHome(name, startUrl, control) {
  const home = mkdtempSync(join(tmpdir(), `keyrack-${name}-`));
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(
    join(home, '.aws', 'config'),
    `[profile ${name}]\nsso_session = ${name}\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n\n` +
      `[sso-session ${name}]\nsso_start_url = ${startUrl}\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n`,
  );
  const tokenFile = join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update(name).digest('hex')}.json`);
  const login = async (ttlSeconds) => {
    const seed = await control('seed-login', { startUrl, region: 'us-east-1', accessTokenTtlSeconds: ttlSeconds });
    mkdirSync(dirname(tokenFile), { recursive: true, mode: 0o700 });
    writeFileSync(tokenFile, JSON.stringify(seed.tokenCache), { mode: 0o600 });
  };
  return { home, tokenFile, login };
}
