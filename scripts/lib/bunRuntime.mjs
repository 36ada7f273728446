// The Bun runtime each executable is built on: the npm package bun's optionalDependencies name for that target,
// at the version and integrity package-lock.json pins. The host's comes with `npm ci`; another target's is fetched
// through npm (its registry, proxy and cache settings) and checked against the lockfile before Bun may embed it.
// That is why the build passes --compile-executable-path instead of letting `bun build --target` download a
// runtime itself: that download is checked against nothing we pinned.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileInTarball } from './ustar.mjs';

/** A real Bun binary is ~100 MB; bun's npm package puts a small placeholder in bin/ until its postinstall runs. */
const MIN_RUNTIME_BYTES = 1 << 20;

/**
 * The path of the Bun binary for `target`, fetching and checking it when it is not installed.
 * @param {string} root  the project root (package-lock.json, node_modules)
 * @param {import('./targets.mjs').Target} target
 * @param {(line: string) => void} say
 */
export function bunRuntime(root, target, say) {
  const exe = target.os === 'win32' ? 'bun.exe' : 'bun';
  const pinned = lockedPackage(root, target.runtimePackage);
  // Installed by npm ci for the host: in its own package, or moved into bun/bin by bun's postinstall.
  const installed = [join(root, 'node_modules', target.runtimePackage, 'bin', exe)];
  if (installedForHost(root, target)) installed.push(join(root, 'node_modules', 'bun', 'bin', 'bun.exe'));
  const found = installed.find((p) => existsSync(p) && statSync(p).size > MIN_RUNTIME_BYTES);
  if (found) return found;

  const cached = join(root, 'node_modules', '.cache', 'keyrack-cp', `${target.runtimePackage.replace('/', '+')}@${pinned.version}`, exe);
  if (existsSync(cached)) return cached;
  say(`fetching ${target.runtimePackage}@${pinned.version} (the ${target.name} runtime) through npm`);
  const work = mkdtempSync(join(tmpdir(), 'keyrack-bun-'));
  try {
    const [packed] = JSON.parse(npm(['pack', `${target.runtimePackage}@${pinned.version}`, '--pack-destination', work, '--json', '--silent']));
    const tarball = readFileSync(join(work, packed.filename));
    const integrity = `sha512-${createHash('sha512').update(tarball).digest('base64')}`;
    if (integrity !== pinned.integrity) {
      throw new Error(`${target.runtimePackage}@${pinned.version} from the registry is not what package-lock.json pins (${integrity} != ${pinned.integrity})`);
    }
    const binary = fileInTarball(gunzipSync(tarball), `package/bin/${exe}`);
    mkdirSync(join(cached, '..'), { recursive: true });
    writeFileSync(`${cached}.tmp`, binary);
    chmodSync(`${cached}.tmp`, 0o755);
    renameSync(`${cached}.tmp`, cached);
    return cached;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Whether npm ci installed this target's runtime here, i.e. it is the host's (bun/bin then holds it). */
function installedForHost(root, target) {
  return existsSync(join(root, 'node_modules', target.runtimePackage, 'package.json'));
}

function lockedPackage(root, name) {
  const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
  const entry = lock.packages?.[`node_modules/${name}`];
  if (!entry?.version || !entry.integrity) throw new Error(`package-lock.json pins no version and integrity for ${name}: run npm install`);
  return entry;
}

/** npm itself: the one running this script (npm run build) when there is one, so Windows needs no npm.cmd shim. */
function npm(args) {
  const cli = process.env.npm_execpath;
  const [cmd, argv] = cli && /\.c?js$/.test(cli) ? [process.execPath, [cli, ...args]] : ['npm', args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], shell: cmd === 'npm' && process.platform === 'win32' });
}
