// npm run build: offline apart from the npm registry, from node_modules.
//   dist/keyrack-cp.cjs        one file, runs on Node >= 20 with no node_modules (esbuild)
//   dist/keyrack-cp[.exe]      the build host's native executable, one file that needs no Node (Bun's compiler)
//   dist/emulator.cjs          the test SSO emulator as a standalone server, for `npm run demo`, the bench and tests
// npm run build:all (--all), or --target NAME[,NAME]: also dist/keyrack-cp-<target>[.exe] for every target we ship.
//
// Two bundlers, each for what only it does well here:
// - esbuild makes the .cjs, split at the sources' import() calls like the executables, and lib/linkCjs.mjs puts the
//   chunks in one file: the ones every start runs as code, the others as compressed strings compiled only when used.
// - Bun's bundler makes the executables: `--bytecode` compiles everything ahead of time, and `--splitting` keeps
//   the SDK calls, the lock and the subcommands in chunks of the executable that are loaded only when used. Bun
//   must bundle the sources itself for both: compiling the .cjs instead leaves its chunk strings to be compiled at
//   run time (measured: 149 ms on the token-valid path, against 28 ms).
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { bunRuntime } from './lib/bunRuntime.mjs';
import { linkCjs } from './lib/linkCjs.mjs';
import { BUNDLE_MARKER, checkExecutable } from './lib/executableFormat.mjs';
import { signMachOAdHoc, verifyMachOSignature } from './lib/machO.mjs';
import { executableName, hostExecutableName, hostLibc, hostTarget, selectTargets, TARGETS } from './lib/targets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const started = Date.now();
const say = (line) => console.log(`build: ${line}`);

// --- dist/keyrack-cp.cjs -------------------------------------------------------------------------------------------
const esbuildCommon = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  logLevel: 'warning',
  // Nothing is left for node_modules at run time: the artifact must run from any directory.
  packages: 'bundle',
};

async function buildCjs() {
  const { text, eagerInputs, chunkMap } = await linkCjs({ entry: join(root, 'src/keyrack-cp.ts'), root, define: { __KEYRACK_VERSION__: JSON.stringify(pkg.version) } });
  // What every start compiles must hold none of the code that only some runs need.
  const leaked = eagerInputs.filter((f) => /node_modules\/@(aws-sdk|smithy)\/|^src\/(lock|login|sso\/(portal|oidc)Calls)\b/.test(f));
  if (leaked.length > 0) throw new Error(`the code every start compiles must not hold the SDK, the lock or the sign-in; it holds ${leaked.slice(0, 3).join(', ')}`);
  const outfile = join(dist, 'keyrack-cp.cjs');
  writeFileSync(outfile, text);
  writeFileSync(join(dist, 'keyrack-cp.cjs.meta.json'), `${JSON.stringify(chunkMap, null, 1)}\n`);
  chmodSync(outfile, 0o755);
}

// --- the executables -----------------------------------------------------------------------------------------------
/**
 * One target's executable, written to a temporary name and renamed into place once its format is checked.
 * Its runtime is the lockfile's (lib/bunRuntime.mjs); darwin files are checked page by page and re-signed ad hoc
 * when Bun left a stale signature (lib/machO.mjs).
 */
function compileExecutable(target, out, metafile) {
  const bun = bunRuntime(root, host.target, say); // the Bun that compiles is always the host's own
  const runtime = bunRuntime(root, target, say);
  // Bun embeds the output file's name in the executable (the entry's /$bunfs/root/<name> path, in the module table
  // and the bytecode), so a name holding the pid made every build differ. Each target is compiled under one fixed
  // name, the one it has inside its release archive, in a directory of its own beside the final file.
  const work = mkdtempSync(join(dirname(out), '.build-'));
  const tmp = join(work, hostExecutableName(target.os));
  const options = {
    entry: join(root, 'src', 'keyrack-cp.ts'),
    target: target.bunTarget,
    runtime,
    outfile: tmp,
    define: { __KEYRACK_VERSION__: JSON.stringify(pkg.version) },
    metafile: metafile ?? null,
  };
  const args = [join(root, 'scripts', 'lib', 'bunCompile.mjs'), JSON.stringify(options)];
  try {
    try {
      execFileSync(bun, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: root });
    } catch (error) {
      process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
      throw new Error(`bun build could not make ${target.name}`);
    }
    if (target.format === 'macho') {
      const file = readFileSync(tmp);
      const signature = verifyMachOSignature(file);
      if (!signature.ok) {
        say(`${target.name}: Bun left a stale code signature (${signature.reason}); signing it ad hoc`);
        writeFileSync(tmp, signMachOAdHoc(file, 'keyrack-cp'));
      }
    }
    const check = checkExecutable(readFileSync(tmp), target, BUNDLE_MARKER);
    if (!check.ok) throw new Error(`${target.name}: ${check.reason}`);
    chmodSync(tmp, 0o755);
    rmSync(out, { force: true });
    renameSync(tmp, out);
    say(`${target.name}: ${check.facts}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function fail(reason) {
  process.stderr.write(`build: ${reason}.\n`);
  process.exit(2);
}

// --- what this run builds -----------------------------------------------------------------------------------------
const { values } = parseArgs({ options: { all: { type: 'boolean', default: false }, target: { type: 'string' } } });
const host = hostTarget({ platform: process.platform, arch: process.arch, libc: hostLibc(process.platform, process.report?.getReport()) });
const wanted = values.all ? { targets: [...TARGETS] } : values.target ? selectTargets(values.target.split(',')) : { targets: [] };
if (!wanted.targets) fail(wanted.reason);

mkdirSync(dist, { recursive: true });
await buildCjs();
await build({ ...esbuildCommon, minify: false, entryPoints: [join(root, 'test/emulator/cli.ts')], outfile: join(dist, 'emulator.cjs') });
if (!host.target) fail(`dist/keyrack-cp.cjs is built, but ${host.reason}. Build another target with --target NAME`);
const hostExe = join(dist, hostExecutableName(process.platform));
// The host's chunk map (which chunk holds which sources and imports which built-ins) is what the module guards
// read: test/helpers/moduleTrace.ts.
compileExecutable(host.target, hostExe, join(dist, 'keyrack-cp.meta.json'));
for (const target of wanted.targets) {
  const out = join(dist, executableName(target));
  if (target === host.target) copyFileSync(hostExe, out);
  else compileExecutable(target, out);
}
const made = ['dist/keyrack-cp.cjs', `dist/${hostExecutableName(process.platform)}`, ...wanted.targets.map((t) => `dist/${executableName(t)}`)];
say(`${made.join(', ')} and dist/emulator.cjs in ${((Date.now() - started) / 1000).toFixed(1)} s`);


