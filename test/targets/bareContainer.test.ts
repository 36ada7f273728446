// The linux-x64 executable in a bare container: a root holding only the file and the libraries it links (no Node,
// no shell, no /etc), read-only, with /proc, run as a uid no passwd file names and given a bind-mounted ~/.aws, as
// `docker run --read-only -u 48213 -v ~/.aws:/home/user/.aws` would run a scratch image. Root: unshare, mount, chroot.

import { execFileSync } from 'node:child_process';
import { readFileSync, readlinkSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { tokenCacheJson } from '../emulator/index.ts';
import { BareRoot, EXE_IN_ROOT, HOME_IN_ROOT, linkedFiles } from '../helpers/bareRoot.ts';
import { credentialsOf } from '../helpers/credentialDocument.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';
import { executableOf, targetNamed } from '../helpers/platforms.ts';
import { leakedSecrets, Sandbox, START_URL } from '../helpers/sandbox.ts';
import { requireLinuxRoot } from '../helpers/mountNamespace.ts';

// Before anything below runs ldd or chroot: elsewhere this file fails with what it needs.
requireLinuxRoot(['unshare', 'mount', 'chroot', 'ldd']);

const emu = useE2eEmulator();
const exe = executableOf(targetNamed('linux-x64'));
const root = new BareRoot(exe);
afterAll(() => root.remove());

/** The container's user: a uid no passwd file names, the host's included (checked below). */
const UID = 48213;

/** A HOME whose .aws belongs to the container's user, as a volume prepared for it would. */
function loggedIn(minutesLeft: number) {
  const seed = emu.seedLogin({ startUrl: START_URL, region: 'us-east-1', accessTokenTtlSeconds: minutesLeft * 60 });
  const box = new Sandbox(emu.url);
  box.writeToken(tokenCacheJson(seed, { startUrl: START_URL, region: 'us-east-1' }));
  execFileSync('chown', ['-R', `${UID}:${UID}`, join(box.home, '.aws')]);
  return { box, seed, before: readFileSync(box.tokenPath(), 'utf8') };
}
function inContainer(box: Sandbox, options: { readOnlyAws?: boolean; proc?: boolean } = {}) {
  return { cmd: root.command({ aws: join(box.home, '.aws'), uid: UID, ...options }), env: { HOME: HOME_IN_ROOT } };
}
const run = (box: Sandbox, options: { readOnlyAws?: boolean; proc?: boolean } = {}) => {
  const { cmd, env } = inContainer(box, options);
  return box.run(cmd, ['--profile', 'dev'], env);
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test("the root holds the executable, the libraries ldd names (glibc's and its loader), and mount points: nothing else", () => {
  const libraries = linkedFiles(exe);
  expect(libraries.map((l) => basename(l)).sort()).toEqual(['ld-linux-x86-64.so.2', 'libc.so.6', 'libdl.so.2', 'libm.so.6', 'libpthread.so.0']);
  const directoriesOf = (path: string): string[] => (dirname(path) === '/' ? [] : [dirname(path), ...directoriesOf(dirname(path))]);
  const expected = new Set([EXE_IN_ROOT, ...libraries, ...libraries.flatMap(directoriesOf), '/proc', '/home', HOME_IN_ROOT, `${HOME_IN_ROOT}/.aws`]);
  expect(root.contents()).toEqual([...expected].map((p) => p.slice(1)).sort());
  expect(readFileSync('/etc/passwd', 'utf8').split('\n').map((l) => l.split(':')[2])).not.toContain(String(UID));
});

test("inside: the uid with no groups, its own root read-only and its own mounts; the host's network", async () => {
  const { box } = loggedIn(60);
  emu.inject('GetRoleCredentials', { kind: 'delay', ms: 2_000 }, 1); // time to look at the process while it waits
  const { cmd, env } = inContainer(box);
  const started = box.start(cmd, ['--profile', 'dev'], env);
  const proc = `/proc/${started.pid}`;
  // unshare, sh and chroot each exec the next, so the pid becomes keyrack-cp's once the chain is through.
  const program = () => {
    try {
      return readlinkSync(`${proc}/exe`);
    } catch {
      return '(gone)';
    }
  };
  for (const t0 = Date.now(); program() !== join(root.dir, EXE_IN_ROOT); await sleep(20)) {
    if (Date.now() - t0 > 10_000) throw new Error(`${proc}/exe is ${program()}, not the executable in the root`);
  }
  const status = readFileSync(`${proc}/status`, 'utf8');
  const field = (name: string) => new RegExp(`^${name}:\\t(.*)$`, 'm').exec(status)?.[1]?.trim();
  expect({ uid: field('Uid'), gid: field('Gid'), groups: field('Groups'), capabilities: field('CapEff') }).toEqual({
    uid: `${UID}\t${UID}\t${UID}\t${UID}`,
    gid: `${UID}\t${UID}\t${UID}\t${UID}`,
    groups: '',
    capabilities: '0000000000000000',
  });
  expect(readlinkSync(`${proc}/root`)).toBe(root.dir);
  expect(readlinkSync(`${proc}/ns/mnt`)).not.toBe(readlinkSync('/proc/self/ns/mnt'));
  expect(readlinkSync(`${proc}/ns/net`)).toBe(readlinkSync('/proc/self/ns/net')); // so 127.0.0.1 is the emulator's
  // mountinfo: "id parent dev root mount-point options …", mount points as the process sees them.
  const mounts = Object.fromEntries(readFileSync(`${proc}/mountinfo`, 'utf8').trim().split('\n').map((l) => l.split(' ')).map((f) => [f[4], f[5]!.split(',')[0]]));
  expect(mounts).toEqual({ '/': 'ro', [`${HOME_IN_ROOT}/.aws`]: 'rw', '/proc': 'rw' });

  credentialsOf(await started.done);
  expect(emu.count('GetRoleCredentials')).toBe(1);
});

test('token valid: credentials from GetRoleCredentials over loopback, cached in the mounted .aws as the uid, 0600', async () => {
  const { box, seed } = loggedIn(60);
  const doc = credentialsOf(await run(box));
  const [issued] = emu.issued.roleCredentials;
  expect(doc.AccessKeyId).toBe(issued!.accessKeyId);
  expect(issued!.accessToken).toBe(seed.accessToken);
  expect(emu.count('CreateToken')).toBe(0);
  const cached = join(box.home, '.aws', 'cli', 'cache');
  const entry = statSync(join(cached, execFileSync('ls', [cached], { encoding: 'utf8' }).trim()));
  expect({ uid: entry.uid, mode: entry.mode & 0o777 }).toEqual({ uid: UID, mode: 0o600 });
  expect(credentialsOf(await run(box))).toEqual(doc); // and served from that cache next time
  expect(emu.count('GetRoleCredentials')).toBe(1);
});

test('token expired: refreshed, and the new token saved into the mounted cache, still the uid\'s and 0600', async () => {
  const { box, seed } = loggedIn(-5);
  credentialsOf(await run(box));
  const [refreshed] = emu.issued.tokens.filter((t) => t.grantType === 'refresh_token');
  expect(emu.count('CreateToken')).toBe(1);
  expect(box.readToken()).toMatchObject({ accessToken: refreshed!.accessToken, refreshToken: refreshed!.refreshToken, clientSecret: seed.clientSecret });
  const token = statSync(box.tokenPath());
  expect({ uid: token.uid, mode: token.mode & 0o777 }).toEqual({ uid: UID, mode: 0o600 });
});

// As test/e2e/faults.test.ts proves for a read-only ~/.aws on the host: the same two answers in the container.
test('read-only .aws, token valid: credentials, silently, nothing written', async () => {
  const { box, before } = loggedIn(60);
  const r = await run(box, { readOnlyAws: true });
  expect([r.code, r.stderr]).toEqual([0, '']);
  expect(JSON.parse(r.stdout).AccessKeyId).toBe(emu.issued.roleCredentials[0]!.accessKeyId);
  expect(readFileSync(box.tokenPath(), 'utf8')).toBe(before);
});

test('read-only .aws, token expired: the refreshed token serves this run, with one warning; the file is left as it was', async () => {
  const { box, before, seed } = loggedIn(-5);
  const r = await run(box, { readOnlyAws: true });
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).AccessKeyId).toBe(emu.issued.roleCredentials[0]!.accessKeyId);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(new RegExp(`^keyrack-cp: warning: sso-session 'acme': ${HOME_IN_ROOT}/\\.aws/sso/cache is read-only, so the refreshed SSO token serves this run only`));
  expect(leakedSecrets(r.stderr, [seed.accessToken, seed.refreshToken, seed.clientSecret])).toEqual([]);
  expect(emu.count('CreateToken')).toBe(1);
  expect(readFileSync(box.tokenPath(), 'utf8')).toBe(before);
});

test('without /proc the runtime aborts before any of our code runs: the one thing the container must add to the files', async () => {
  const { box } = loggedIn(60);
  const r = await run(box, { proc: false });
  expect([r.signal, r.stdout]).toEqual(['SIGABRT', '']);
  expect(r.stderr).toContain('panic(main thread): abort() called');
  expect(emu.calls).toHaveLength(0);
});
