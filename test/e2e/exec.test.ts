// keyrack-cp exec, both artifacts, against the emulator: COMMAND's environment, its exit code, its stdio, the signals
// passed on to it (and the terminal's Ctrl-C, which is not), nesting, and every failure reported before it starts.

import { spawn } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tokenCacheJson } from '../emulator/index.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';
import { pythonExecutable } from '../helpers/python.ts';
import { ARTIFACTS, CONFIG, ROOT, Sandbox, START_URL, type RunResult } from '../helpers/sandbox.ts';

const emu = useE2eEmulator();
const CHILD = [process.execPath, join(ROOT, 'test', 'e2e', 'exec_child.mjs')];
const PTY = join(ROOT, 'test', 'helpers', 'ctrl_c_in_pty.py');

function loggedIn(config = CONFIG): Sandbox {
  const seed = emu.seedLogin({ startUrl: START_URL });
  const box = new Sandbox(emu.url, config);
  box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
  return box;
}

function json(r: RunResult): Record<string, unknown> {
  expect(r.code, `exit ${String(r.code)}; stderr:\n${r.stderr}`).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** Runs keyrack-cp with stdin fed `input`, and with a hook once COMMAND has printed `ready` (to signal keyrack-cp). */
function runLive(box: Sandbox, command: readonly string[], args: readonly string[], opts: { input?: string; onReady?: (pid: number) => void } = {}): Promise<RunResult> {
  const started = Date.now();
  const child = spawn(command[0]!, [...command.slice(1), ...args], { env: box.env(), stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  let readySeen = false;
  child.stdout.on('data', (d) => {
    stdout += d;
    if (!readySeen && stdout.includes('ready\n')) {
      readySeen = true;
      opts.onReady?.(child.pid!);
    }
  });
  child.stderr.on('data', (d) => (stderr += d));
  child.stdin.end(opts.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      box.stderrs.push(stderr);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

describe.each(ARTIFACTS)('%s exec', (_name, cmd) => {
  test("COMMAND's environment: the profile's credentials and region, the marker, and no other credential source", async () => {
    const box = loggedIn();
    const r = await box.run(cmd, ['exec', '--profile', 'dev', '--', ...CHILD, 'env'], {
      AWS_PROFILE: 'prod', AWS_DEFAULT_PROFILE: 'prod', AWS_ACCESS_KEY_ID: 'AKIAOLDOLDOLDOLDOLD', AWS_SECRET_ACCESS_KEY: 'old-secret', AWS_SECURITY_TOKEN: 'old',
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x', AWS_WEB_IDENTITY_TOKEN_FILE: '/var/run/token', AWS_ROLE_ARN: 'arn:aws:iam::1:role/r',
      AWS_CONFIG_FILE: box.configPath,
    });
    const env = json(r);
    const issued = emu.issued.roleCredentials[0]!;
    expect(env).toEqual({
      AWS_ACCESS_KEY_ID: issued.accessKeyId, AWS_SECRET_ACCESS_KEY: issued.secretAccessKey, AWS_SESSION_TOKEN: issued.sessionToken,
      AWS_CREDENTIAL_EXPIRATION: new Date(issued.expiration).toISOString().replace(/\.\d{3}Z$/, 'Z'), AWS_ACCOUNT_ID: '111122223333',
      AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'eu-west-1', KEYRACK_CP_EXEC: 'dev',
      // What is not a credential source stays.
      AWS_CONFIG_FILE: box.configPath, AWS_ENDPOINT_URL_SSO: emu.url, AWS_ENDPOINT_URL_SSO_OIDC: emu.url,
    });
    expect(r.stderr).toBe('');
  });

  test('the profile from AWS_PROFILE, which COMMAND then does not see; a region the environment names wins, under both names', async () => {
    const box = loggedIn();
    const env = json(await box.run(cmd, ['exec', '--', ...CHILD, 'env'], { AWS_PROFILE: 'dev', AWS_REGION: 'ap-south-1' }));
    expect(env).toMatchObject({ KEYRACK_CP_EXEC: 'dev', AWS_REGION: 'ap-south-1', AWS_DEFAULT_REGION: 'ap-south-1' });
    expect(env).not.toHaveProperty('AWS_PROFILE');
  });

  test('--server: the endpoint and its token instead of keys, and COMMAND gets the credentials from it', async () => {
    const box = loggedIn();
    const env = json(await box.run(cmd, ['exec', '--profile', 'dev', '--server', '--', ...CHILD, 'env'], { AWS_ACCESS_KEY_ID: 'AKIAOLDOLDOLDOLDOLD', AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/x' }));
    expect(Object.keys(env).sort()).toEqual(['AWS_CONTAINER_AUTHORIZATION_TOKEN', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_DEFAULT_REGION', 'AWS_ENDPOINT_URL_SSO', 'AWS_ENDPOINT_URL_SSO_OIDC', 'AWS_REGION', 'KEYRACK_CP_EXEC']);
    expect(env.AWS_CONTAINER_CREDENTIALS_FULL_URI).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/credentials$/);
    expect(env.AWS_CONTAINER_AUTHORIZATION_TOKEN).toMatch(/^[\w-]{43}$/);

    const fetched = json(await box.run(cmd, ['exec', '--profile', 'dev', '--server', '--', ...CHILD, 'fetch']));
    const issued = emu.issued.roleCredentials[0]!;
    expect(fetched).toEqual({ status: 200, body: expect.objectContaining({ AccessKeyId: issued.accessKeyId, Token: issued.sessionToken }) });
    expect(emu.count('GetRoleCredentials')).toBe(1); // the cache served the second run, as it serves the credential process
  });

  test("--server with a [default] profile that has credentials of its own: a warning that COMMAND's SDK will take those first", async () => {
    const box = loggedIn(`${CONFIG}\n[default]\ncredential_process = keyrack-cp --profile dev\n`);
    const r = await box.run(cmd, ['exec', '--profile', 'dev', '--server', '--', 'true']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(
      "keyrack-cp: warning: profile 'default' gets credentials of its own (credential_process), which the SDKs try before AWS_CONTAINER_CREDENTIALS_FULL_URI: " +
        'COMMAND will use those, not the endpoint (without --server, the environment keys come first)\n',
    );
    expect((await box.run(cmd, ['exec', '--profile', 'dev', '--', 'true'])).stderr).toBe('');
  });

  test.each<[string, string[], number]>([
    ['0', ['sh', '-c', 'exit 0'], 0],
    ["COMMAND's own code", ['sh', '-c', 'exit 7'], 7],
    ['255', ['sh', '-c', 'exit 255'], 255],
    ['ended by SIGTERM: 128 + 15', ['sh', '-c', 'kill -TERM $$'], 143],
    ['ended by SIGKILL: 128 + 9', ['sh', '-c', 'kill -KILL $$'], 137],
  ])('exit code: %s', async (_name, command, code) => {
    const r = await loggedIn().run(cmd, ['exec', '--profile', 'dev', '--', ...command]);
    expect([r.code, r.signal]).toEqual([code, null]);
    expect(r.stderr).toBe('');
  });

  test('COMMAND not found: exit 127, one paragraph', async () => {
    const r = await loggedIn().run(cmd, ['exec', '--profile', 'dev', '--', 'terrafrom-not-installed', 'plan']);
    expect(r.code).toBe(127);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("keyrack-cp: exec: command 'terrafrom-not-installed': not found on PATH. Check its name, or give its path.\n");
  });

  test('COMMAND not runnable: exit 126; a path that does not exist: 127', async () => {
    const box = loggedIn();
    const file = join(box.home, 'not-executable.sh');
    writeFileSync(file, 'echo hi\n');
    chmodSync(file, 0o644);
    const r = await box.run(cmd, ['exec', '--profile', 'dev', '--', file]);
    expect(r.code).toBe(126);
    expect(r.stderr).toMatch(/^keyrack-cp: exec: command '\S+not-executable\.sh': cannot be run \(EACCES: not an executable file, or no permission to run it\)\. Check its mode/);
    const missing = await box.run(cmd, ['exec', '--profile', 'dev', '--', join(box.home, 'nope')]);
    expect(missing.code).toBe(127);
    expect(missing.stderr).toMatch(/: not found \(no such file, or the interpreter its #! line names is missing\)\. Check the path\.\n$/);
  });

  test("stdin, stdout and stderr are COMMAND's own", async () => {
    const r = await runLive(loggedIn(), cmd, ['exec', '--profile', 'dev', '--', ...CHILD, 'stdio'], { input: 'hello from stdin' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('out:hello from stdin\n{"tty":[false,false,false]}\n');
    expect(r.stderr).toBe('err:hello from stdin\n');
  });

  test("COMMAND's own --debug and --help are its own: nothing before -- reads them", async () => {
    const r = await loggedIn().run(cmd, ['exec', '--profile', 'dev', '--', 'sh', '-c', 'echo "$@"', 'sh', '--debug', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('--debug --help\n');
    expect(r.stderr).toBe('');
  });

  test.each(['SIGTERM', 'SIGHUP', 'SIGINT'] as const)('%s sent to keyrack-cp is passed on to COMMAND once; exit is then COMMAND’s', async (signal) => {
    const r = await runLive(loggedIn(), cmd, ['exec', '--profile', 'dev', '--', ...CHILD, 'signals'], { onReady: (pid) => process.kill(pid, signal) });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`ready\n{"signals":["${signal}"],"tty":false}\n`);
  });

  test('a COMMAND that does not handle the signal passed on dies of it: 128 + 15', async () => {
    const r = await runLive(loggedIn(), cmd, ['exec', '--profile', 'dev', '--', 'sh', '-c', 'echo ready; exec sleep 30'], { onReady: (pid) => process.kill(pid, 'SIGTERM') });
    expect([r.code, r.signal]).toEqual([143, null]);
    expect(r.ms).toBeLessThan(10_000);
  });

  test('--server: signals are passed on too, and the endpoint goes with COMMAND', async () => {
    const r = await runLive(loggedIn(), cmd, ['exec', '--profile', 'dev', '--server', '--', ...CHILD, 'signals'], { onReady: (pid) => process.kill(pid, 'SIGTERM') });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ready\n{"signals":["SIGTERM"],"tty":false}\n');
  });

  test("in a terminal, Ctrl-C reaches COMMAND once (from the terminal), not twice; COMMAND's stdin is that terminal", async () => {
    const box = loggedIn();
    const r = await new Promise<{ exit: number; output: string }>((resolve, reject) => {
      const helper = spawn(pythonExecutable(), [PTY, ...cmd, 'exec', '--profile', 'dev', '--', ...CHILD, 'signals'], { env: box.env(), stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      helper.stdout.on('data', (d) => (out += d));
      helper.on('error', reject);
      helper.on('close', () => resolve(JSON.parse(out) as { exit: number; output: string }));
    });
    box.stderrs.push(r.output); // what the terminal showed is audited like stderr
    expect(r.exit).toBe(0);
    expect(r.output.replace(/\r\n/g, '\n')).toMatch(/ready\n(\^C)?\{"signals":\["SIGINT"\],"tty":true\}\n$/);
  });

  test('a nested exec is refused: exit 2 saying why, and the inner COMMAND does not start', async () => {
    const box = loggedIn();
    const inner = [...cmd, 'exec', '--profile', 'dev', '--', 'sh', '-c', 'touch "$HOME/inner-started"'];
    const r = await box.run(cmd, ['exec', '--profile', 'dev', '--', ...inner]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      "keyrack-cp: exec: this is already a command run by keyrack-cp exec for profile 'dev' (KEYRACK_CP_EXEC is set), whose credentials a nested exec would silently replace. " +
        'Run the command directly: it has its credentials already (to nest on purpose, clear the marker first: env -u KEYRACK_CP_EXEC keyrack-cp exec …).\n',
    );
    expect(existsSync(join(box.home, 'inner-started'))).toBe(false);
  });

  test.each<[string, (box: Sandbox) => void, string[], number, RegExp]>([
    ['not signed in', (box) => box.writeConfig(CONFIG), ['--profile', 'dev'], 3, /^keyrack-cp: sso-session 'acme': is not logged in \(there is no cached SSO token\)\. Run: keyrack-cp login --sso-session acme\n$/],
    ['not signed in, --server', () => {}, ['--profile', 'dev', '--server'], 3, /^keyrack-cp: sso-session 'acme': is not logged in/],
    ['a legacy profile', (box) => box.writeConfig('[profile old]\nsso_start_url = https://acme.awsapps.com/start\nsso_region = us-east-1\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n'), ['--profile', 'old'], 2, /^keyrack-cp: profile 'old': uses the legacy SSO configuration/],
    ['an unknown profile', () => {}, ['--profile', 'nope'], 2, /^keyrack-cp: profile 'nope': /],
    ['an unknown profile, --server', () => {}, ['--profile', 'nope', '--server'], 2, /^keyrack-cp: profile 'nope': /],
  ])('%s: exit %s before COMMAND starts', async (_name, setUp, args, code, message) => {
    const box = new Sandbox(emu.url); // never signed in
    setUp(box);
    const r = await box.run(cmd, ['exec', ...args, '--', 'sh', '-c', 'touch "$HOME/started"']);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(existsSync(join(box.home, 'started'))).toBe(false);
    expect(emu.calls).toEqual([]);
  });

  test.each<[string, string[], RegExp]>([
    ['no command', ['exec', '--profile', 'dev'], /^keyrack-cp: usage: keyrack-cp exec needs a command to run\. Put it after --, as in: keyrack-cp exec --profile dev -- aws sts get-caller-identity\.\n$/],
    ['nothing after --', ['exec', '--'], /needs a command to run/],
    ['the command without --', ['exec', 'aws', 'sts'], /^keyrack-cp: usage: keyrack-cp exec takes no argument 'aws' before --\. Put the command to run after --/],
    ['an unknown option', ['exec', '--nope', '--', 'true'], /^keyrack-cp: usage: Unknown option '--nope'/],
  ])('usage: %s → exit 2', async (_name, args, message) => {
    const r = await loggedIn().run(cmd, args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });
});
