// The session lock under stress: N processes started together on an expired token, R times, against the emulator;
// counts the runs that made more than one CreateToken (a waiter took over a live holder's lock). Optionally with the
// holder slowed, the way emulation (qemu-user), a CPU-limited container or a loaded CI runner slows it:
//
//   node scripts/lockStress.mjs [--exe dist/keyrack-cp] [--wrap qemu-aarch64-static] [--runs 25] [--processes 16]
//                               [--slow none|sigstop:MS|cpu:PERCENT]
//
//   sigstop:MS   every process runs with KEYRACK_CP_FAULT_POINT=refresh-lock-held, so whichever holds the lock at
//                the refresh stops itself there; each one found stopped is resumed (SIGCONT) MS later.
//   cpu:PERCENT  the processes run in a cgroup (v1, /sys/fs/cgroup/cpu, root only) limited to PERCENT of one core.
//
// Run `npm run build` first. Prints one line per run and a summary; exits 0 (it measures, it does not judge).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { scenarioHome, startEmulator } from './lib/emulator.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    exe: { type: 'string', default: join(root, 'dist', 'keyrack-cp') },
    wrap: { type: 'string' },
    runs: { type: 'string', default: '25' },
    processes: { type: 'string', default: '16' },
    slow: { type: 'string', default: 'none' },
  },
});
const exe = resolve(values.exe);
const command = values.wrap ? [values.wrap, exe] : exe.endsWith('.cjs') ? [process.execPath, exe] : [exe];
const RUNS = Number(values.runs);
const N = Number(values.processes);
const [slowKind, slowArg] = values.slow.split(':');
if (!existsSync(exe)) throw new Error(`${exe} is missing: run npm run build first`);
if (!['none', 'sigstop', 'cpu'].includes(slowKind)) throw new Error(`--slow ${values.slow}: expected none, sigstop:MS or cpu:PERCENT`);
const START_URL = 'https://d-stress.awsapps.com/start';

const emulator = await startEmulator(root);
const { url, control } = emulator;

// A cgroup of our own, removed at the end: the machine's other processes keep their share.
const cgroup = slowKind === 'cpu' ? `/sys/fs/cgroup/cpu/keyrack-stress-${process.pid}` : null;
if (cgroup) {
  mkdirSync(cgroup);
  writeFileSync(join(cgroup, 'cpu.cfs_period_us'), '100000');
  writeFileSync(join(cgroup, 'cpu.cfs_quota_us'), String(Math.round(Number(slowArg) * 1000)));
}

const results = [];
try {
  for (let run = 1; run <= RUNS; run++) results.push(await oneRun(run));
} finally {
  emulator.stop();
  if (cgroup) rmdirSync(cgroup);
}
const over = results.filter((r) => r.createTokens > 1).length;
const failed = results.filter((r) => r.codes.some((c) => c !== 0)).length;
console.log(
  `\n${command.map((c) => c.replace(root + '/', '')).join(' ')}, ${N} processes × ${RUNS} runs, slow=${values.slow}: ` +
    `${over}/${RUNS} runs made more than one CreateToken; ${failed}/${RUNS} runs had a process exit non-zero; ` +
    `median batch ${median(results.map((r) => r.ms))} ms`,
);

async function oneRun(run) {
  const { home, login } = scenarioHome('stress', START_URL, control);
  await login(-300);
  const before = (await control('count?operation=CreateToken')).count;
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ENDPOINT_URL_SSO: url,
    AWS_ENDPOINT_URL_SSO_OIDC: url,
    ...(slowKind === 'sigstop' ? { KEYRACK_CP_FAULT_POINT: 'refresh-lock-held' } : {}),
  };
  const started = Date.now();
  const children = Array.from({ length: N }, () => start(env));
  const resumer = slowKind === 'sigstop' ? resumeStopped(children, Number(slowArg)) : null;
  const ends = await Promise.all(children.map((c) => c.done));
  resumer?.stop();
  const ms = Date.now() - started;
  const createTokens = (await control('count?operation=CreateToken')).count - before;
  const codes = ends.map((e) => e.code);
  const failures = ends.filter((e) => e.code !== 0).map((e) => failureOf(e.stderr));
  const why = failures.length ? `; failures: ${summary(failures)}` : '';
  console.log(`run ${String(run).padStart(2)}: CreateToken ×${createTokens}, exits ${summary(codes)}, ${ms} ms${why}`);
  rmSync(home, { recursive: true, force: true });
  return { createTokens, codes, ms };
}

/** Starts one process (in the cgroup, when there is one) and hands back its pid and its end. */
function start(env) {
  const argv = cgroup ? ['sh', '-c', `echo $$ > ${cgroup}/cgroup.procs && exec "$@"`, 'sh', ...command] : command;
  const child = spawn(argv[0], [...argv.slice(1), '--profile', 'stress'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return { pid: child.pid, done: new Promise((ok) => child.on('close', (code, signal) => ok({ code: code ?? signal, stderr }))) };
}

/** Resumes each process `ms` after it is first seen stopped (by its own fault point). */
function resumeStopped(children, ms) {
  const seen = new Set();
  const timer = setInterval(() => {
    for (const { pid } of children) {
      if (seen.has(pid) || !isStopped(pid)) continue;
      seen.add(pid);
      setTimeout(() => process.kill(pid, 'SIGCONT'), ms);
    }
  }, 20);
  return { stop: () => clearInterval(timer) };
}

function isStopped(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('T');
  } catch {
    return false;
  }
}

function summary(values) {
  const counts = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return Object.entries(counts).map(([v, n]) => `${v}×${n}`).join(', ');
}

/** The gist of a failure paragraph: its problem, without the subject, paths and numbers that differ per run. */
function failureOf(stderr) {
  const line = stderr.split('\n').find((l) => l.startsWith('keyrack-cp: ') && !l.startsWith('keyrack-cp: warning:')) ?? stderr.trim();
  return line.replace(/^keyrack-cp: [^:]+: /, '').replace(/\/\S+/g, '…').replace(/\d+/g, 'N').slice(0, 90);
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
