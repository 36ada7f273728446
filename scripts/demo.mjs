// npm run demo: the built single executable against the bundled SSO emulator, in a throwaway HOME.
// Shows the three things keyrack-cp is for: a cached token used as is, a near-expiry token refreshed once
// under the lock, and a legacy profile refused with its migration.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const exe = join(root, 'dist', 'keyrack-cp');
const startUrl = 'https://d-demo.awsapps.com/start';

const emulator = spawn(process.execPath, [join(root, 'dist', 'emulator.cjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
const url = await new Promise((resolve, reject) => {
  emulator.once('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
  createInterface({ input: emulator.stdout }).once('line', (line) => resolve(JSON.parse(line).url));
});
const home = mkdtempSync(join(tmpdir(), 'keyrack-demo-'));

try {
  const config = `[profile demo]
sso_session = demo
sso_account_id = 111122223333
sso_role_name = ReadOnly

[sso-session demo]
sso_start_url = ${startUrl}
sso_region = us-east-1
sso_registration_scopes = sso:account:access

[profile old-style]
sso_start_url = https://acme.awsapps.com/start
sso_region = eu-west-1
sso_account_id = 111122223333
sso_role_name = ReadOnly
`;
  mkdirSync(join(home, '.aws'), { recursive: true });
  writeFileSync(join(home, '.aws', 'config'), config);
  const tokenFile = join(home, '.aws', 'sso', 'cache', `${createHash('sha1').update('demo').digest('hex')}.json`);
  const login = async (ttl) => {
    const seed = await control('seed-login', { startUrl, region: 'us-east-1', accessTokenTtlSeconds: ttl });
    mkdirSync(dirname(tokenFile), { recursive: true, mode: 0o700 });
    writeFileSync(tokenFile, JSON.stringify(seed.tokenCache), { mode: 0o600 });
  };
  const env = { PATH: process.env.PATH, HOME: home, AWS_ENDPOINT_URL_SSO: url, AWS_ENDPOINT_URL_SSO_OIDC: url };
  const run = (args) => {
    console.log(`\n$ keyrack-cp ${args.join(' ')}`);
    const r = spawnSync(exe, args, { env, encoding: 'utf8' });
    if (r.stderr) process.stdout.write(r.stderr.replace(/^(?=.)/gm, '  stderr| '));
    if (r.stdout) process.stdout.write(r.stdout);
    console.log(`(exit ${r.status})`);
    return r.status;
  };

  console.log(`SSO emulator at ${url}; HOME=${home}\n\n~/.aws/config:\n${config}`);
  console.log('1. Logged in (token valid for an hour): the cached token is used as is.');
  await login(3600);
  const ok = run(['--profile', 'demo']);

  console.log('\n2. The token expires in 5 minutes: refreshed once under the session lock, then used.');
  await login(300);
  const refreshed = run(['--profile', 'demo', '--debug']);
  const { count } = await control('count?operation=CreateToken&grantType=refresh_token');
  console.log(`CreateToken (refresh_token) calls seen by the emulator: ${count}; token file now expires at ${JSON.parse(readFileSync(tokenFile, 'utf8')).expiresAt}`);

  console.log('\n3. A legacy profile is refused, with the exact migration:');
  const legacy = run(['--profile', 'old-style']);
  process.exitCode = ok === 0 && refreshed === 0 && legacy === 2 && count === 1 ? 0 : 1;
} finally {
  emulator.kill('SIGTERM');
  rmSync(home, { recursive: true, force: true });
}

/** The emulator's control API (test/emulator/control.ts): seed a login, count calls. */
function control(action, body) {
  const target = `${url}/__emulator/${action}`;
  return new Promise((resolve, reject) => {
    const req = request(target, { method: body ? 'POST' : 'GET', headers: { 'content-type': 'application/json' } }, (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(text)) : reject(new Error(`${target}: ${res.statusCode} ${text}`))));
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}
