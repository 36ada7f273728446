// dist/keyrack-cp.cjs: one CommonJS file for Node >= 20 that keeps the code splitting of the sources' import() calls.
//
// Node compiles what it loads at every start (V8 pre-parses every function of a script), so code the hot path does
// not run must not be in the script it compiles: the SDK present in the file cost ~19 ms per start (measured).
// esbuild splits code only in ESM output, and one file cannot hold ESM chunks. So esbuild splits (format esm, one
// chunk per import() and per shared piece, exactly the boundaries Bun's compiler draws for the executables), each
// chunk is turned into a CommonJS module function (esbuild's own transform), and this linker puts them in one file:
//   - at its head, the module registry (src/cjs/chunkRegistry.ts, bundled on its own);
//   - the chunks the entry imports statically (what every start runs) as plain functions;
//   - every other chunk as text in the comment that ends the file, which V8 skips at ~0.3 ms per start, compiled
//     the first time an import() asks for it, with V8's code cache of it once a run has made one (the registry
//     says how). Brotli in a string (before) cost every network run 4-8 ms to decompress, and zlib.
// One copy of every module, whatever loads it: chunks share the entry's modules through one registry. (The
// registry's own few helpers from src/platform are a second copy, in its bundle.)
//
// The SDK packages are resolved to their ES module builds (mainFields): the CommonJS build of a client is one file
// that requires the whole of @aws-sdk/core and @smithy/core, which then cannot be tree-shaken (event streams, CBOR,
// XML, SigV4 and the HTTP/2 handler were in every network run: 240 against 130 KB of SDK code compiled there).
import { build, transform } from 'esbuild';
import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { lazySdkDefaults } from './sdkShims.mjs';

const TAIL_OPEN = '/*keyrack-chunks ';
const TAIL_CLOSE = '*/\n';
const CLOSE_ESCAPE = '*\u0001/';

/**
 * @param {object} options
 * @param {string} options.entry        the sources' entry (src/keyrack-cp.ts)
 * @param {string} options.root         the project root (esbuild's working directory)
 * @param {Record<string, string>} options.define
 * @returns {Promise<{ text: string, eagerInputs: string[], lazyInputs: string[], chunkMap: object }>} the file;
 *   which sources its start compiles (eager) or leaves to import() (lazy), which the build checks; and the chunk map
 *   (each chunk's sources, which chunks are eager) that the module guards read (test/helpers/moduleTrace.ts).
 */
export async function linkCjs({ entry, root, define }) {
  const split = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    splitting: true,
    minify: true,
    write: false,
    metafile: true,
    outdir: `${root}/.keyrack-link`, // nothing is written; esbuild names the outputs under it
    entryNames: 'main',
    chunkNames: 'chunk-[hash]',
    absWorkingDir: root,
    logLevel: 'warning',
    // Nothing is left for node_modules at run time: the artifact must run from any directory.
    packages: 'bundle',
    define,
    mainFields: ['module', 'main'],
    plugins: [lazySdkDefaults(root)],
  });
  const outputs = Object.fromEntries(Object.entries(split.metafile.outputs).map(([path, out]) => [basename(path), out]));
  const sources = Object.fromEntries(split.outputFiles.map((f) => [basename(f.path), f.text]));

  const eager = new Set();
  const visit = (name) => {
    if (eager.has(name)) return;
    eager.add(name);
    for (const i of outputs[name].imports) if (i.kind === 'import-statement' && !i.external) visit(basename(i.path));
  };
  visit('main.js');

  const modules = {};
  for (const [name, source] of Object.entries(sources)) {
    // import() becomes a require of the chunk through the registry (esbuild lowers it when told Node lacks it).
    const cjs = await transform(source, { format: 'cjs', platform: 'node', target: 'node20', minify: true, supported: { 'dynamic-import': false } });
    modules[name] = cjs.code;
  }
  const id = (name) => JSON.stringify(`./${name}`);
  const lazy = Object.keys(modules).filter((n) => !eager.has(n)).sort();
  // Each lazy chunk is compiled as a function's body: ESM is strict, so each chunk says so itself.
  let tail = '';
  const offsets = lazy.map((n) => {
    const start = tail.length;
    tail += `"use strict";${modules[n].replaceAll('*/', CLOSE_ESCAPE)}`;
    return `${id(n)}:[${start},${tail.length}]`;
  });
  // The registry reads the tail as latin1, one character per byte: esbuild escapes every other character, and the
  // escape byte must mean nothing else.
  if (/[^\x00-\x7f]/.test(tail) || tail.replaceAll(CLOSE_ESCAPE, '').includes('\u0001')) throw new Error('a lazy chunk holds a character the .cjs cannot carry in its final comment');
  const registry = await build({
    entryPoints: [join(root, 'src/cjs/chunkRegistry.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'iife',
    globalName: '__keyrack_registry',
    minify: true,
    write: false,
    absWorkingDir: root,
    logLevel: 'warning',
  });
  // Sorted, so the file's bytes depend on the sources only.
  const eagerModules = [...eager].sort().map((n) => `__keyrack.define(${id(n)},function(exports,require,module){${modules[n]}\n});\n`);
  const tailId = createHash('sha256').update(tail).digest('hex').slice(0, 16);
  const table = `{lazy:{${offsets.join(',')}},textLength:${tail.length},id:"${tailId}"}`;
  const text =
    `#!/usr/bin/env node\n"use strict";\n${registry.outputFiles[0].text}` +
    `var __keyrack=__keyrack_registry.createRegistry(__filename,${table},require);\n` +
    `${eagerModules.join('')}__keyrack.require("./main.js");\n${TAIL_OPEN}${tailId}\n${tail}${TAIL_CLOSE}`;

  const inputsOf = (names) => [...new Set(names.flatMap((n) => Object.keys(outputs[n].inputs)))].sort();
  const chunkMap = {
    eager: [...eager].sort().map((n) => `./${n}`),
    chunks: Object.fromEntries(Object.keys(modules).sort().map((n) => [`./${n}`, inputsOf([n])])),
  };
  return { text, eagerInputs: inputsOf([...eager]), lazyInputs: inputsOf(lazy), chunkMap };
}
