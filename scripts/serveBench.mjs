// What a request to `keyrack-cp serve` costs, on each artifact, against the emulator: N requests one after the other
// on one keep-alive connection (role credentials cached: the path nearly every request takes), R interleaved rounds.
// Reports the latency seen by the client (median of the first 100 and of the last 1000, p99 of the last 1000), the
// server's CPU time per request and its resident memory at the end, from /proc (Linux).
//
//   node scripts/serveBench.mjs [--requests 5000] [--rounds 3]
//
// Run `npm run build` first. It measures, it does not judge: README "Speed" says what was found.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { scenarioHome, startEmulator } from './lib/emulator.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { requests: { type: 'string', default: '5000' }, rounds: { type: 'string', default: '3' } } });
const N = Number(values.requests);
const ARTIFACTS = [
  ['single executable', [join(root, 'dist', 'keyrack-cp')]],
  ['node keyrack-cp.cjs', [process.execPath, join(root, 'dist', 'keyrack-cp.cjs')]],
];
for (const [, cmd] of ARTIFACTS) if (!existsSync(cmd.at(-1))) throw new Error(`${cmd.at(-1)} is missing: run npm run build first`);

const emulator = await startEmulator(root);
const scenario = scenarioHome('bench', 'https://d-bench.awsapps.com/start', emulator.control);
await scenario.login(3600);
const env = { PATH: process.env.PATH, HOME: scenario.home, AWS_ENDPOINT_URL_SSO: emulator.url, AWS_ENDPOINT_URL_SSO_OIDC: emulator.url };

async function measure(cmd) {
  const child = spawn(cmd[0], [...cmd.slice(1), 'serve', '--profile', 'bench', '--format', 'env-no-export'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  await new Promise((resolve) => child.stdout.on('data', (d) => (out += d) && out.split('\n').length > 2 && resolve()));
  const vars = Object.fromEntries(out.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  const url = new URL(vars.AWS_CONTAINER_CREDENTIALS_FULL_URI);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = () =>
    new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      http
        .get({ host: url.hostname, port: url.port, path: url.pathname, agent, headers: { Authorization: vars.AWS_CONTAINER_AUTHORIZATION_TOKEN } }, (res) => {
          res.resume();
          res.on('end', () => (res.statusCode === 200 ? resolve(Number(process.hrtime.bigint() - started) / 1e6) : reject(new Error(`status ${res.statusCode}`))));
        })
        .on('error', reject);
    });
  const stat = () => readFileSync(`/proc/${child.pid}/stat`, 'utf8').slice(readFileSync(`/proc/${child.pid}/stat`, 'utf8').lastIndexOf(')') + 2).split(' ');
  const cpuMs = () => (Number(stat()[11]) + Number(stat()[12])) * 10; // utime + stime, in 10 ms ticks
  await get(); // the start-up check and the first request have filled the cache
  const cpuBefore = cpuMs();
  const latencies = [];
  for (let i = 0; i < N; i++) latencies.push(await get());
  const cpu = (cpuMs() - cpuBefore) / N;
  const rssMb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024;
  agent.destroy();
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  const pct = (p, xs) => [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))];
  const last = latencies.slice(-1000);
  return { first100: pct(0.5, latencies.slice(0, 100)), median: pct(0.5, last), p99: pct(0.99, last), cpu, rssMb };
}

const f = (ms) => `${ms.toFixed(2)} ms`;
console.log(`| artifact | round | first 100, median | last 1000, median | last 1000, p99 | server CPU per request | RSS at the end |`);
console.log('|---|---|---|---|---|---|---|');
try {
  for (let round = 1; round <= Number(values.rounds); round++) {
    for (const [name, cmd] of ARTIFACTS) {
      const m = await measure(cmd);
      console.log(`| ${name} | ${round} | ${f(m.first100)} | ${f(m.median)} | ${f(m.p99)} | ${f(m.cpu)} | ${m.rssMb.toFixed(1)} MB |`);
    }
  }
} finally {
  emulator.stop();
  rmSync(scenario.home, { recursive: true, force: true });
}
