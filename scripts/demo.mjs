// npm run demo: the build host's executable against the bundled SSO emulator, in a throwaway HOME.
// Shows what keyrack-cp is for: a cached token traded for role credentials, those credentials served from the
// cache on the next run, a near-expiry token refreshed once under the lock, and a legacy profile refused with its
// migration. Exits 1 if any step does not do what it says.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator } from './lib/emulator.mjs';
import { hostExecutableName } from './lib/targets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const exe = join(root, 'dist', hostExecutableName(process.platform));
const startUrl = 'https://d-demo.awsapps.com/start';

const emulator = await startEmulator(root);
const { url, control } = emulator;
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
  const calls = async (operation) => (await control(`count?operation=${operation}`)).count;

  console.log('1. Logged in (token valid for an hour): the token is traded for role credentials, which are cached.');
  await login(3600);
  const ok = run(['--profile', 'demo']);
  const fetched = await calls('GetRoleCredentials');

  console.log('\n2. The next run, as an SDK would start it: served from the role-credential cache, no network call.');
  const hit = run(['--profile', 'demo', '--debug']);
  const fetchedAgain = (await calls('GetRoleCredentials')) - fetched;
  console.log(`GetRoleCredentials calls seen by the emulator for this run: ${fetchedAgain}`);

  console.log('\n3. The token expires in 5 minutes (and --no-cache skips the role credentials): refreshed once under the session lock.');
  await login(300);
  const refreshed = run(['--profile', 'demo', '--no-cache', '--debug']);
  const count = await calls('CreateToken');
  console.log(`CreateToken calls seen by the emulator: ${count}; token file now expires at ${JSON.parse(readFileSync(tokenFile, 'utf8')).expiresAt}`);

  console.log('\n4. A legacy profile is refused, with the exact migration:');
  const legacy = run(['--profile', 'old-style']);
  const good = ok === 0 && fetched === 1 && hit === 0 && fetchedAgain === 0 && refreshed === 0 && count === 1 && legacy === 2;
  if (!good) console.log('\nThe demo did not go as described above.');
  process.exitCode = good ? 0 : 1;
} finally {
  emulator.stop();
  rmSync(home, { recursive: true, force: true });
}

/** The emulator's control API (test/emulator/control.ts): seed a login, count calls. */