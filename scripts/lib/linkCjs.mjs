// dist/keyrack-cp.cjs: one CommonJS file for Node >= 20 that keeps the code splitting of the sources' import() calls.
//
// Node compiles what it loads at every start (V8 pre-parses every function of a script), so code the hot path does
// not run must not be in the script it compiles: the SDK present in the file cost ~19 ms per start (measured).
// esbuild splits code only in ESM output, and one file cannot hold ESM chunks. So esbuild splits (format esm, one
// chunk per import() and per shared piece, exactly the boundaries Bun's compiler draws for the executables), each
// chunk is turned into a CommonJS module function (esbuild's own transform), and this linker puts them in one file:
//   - the chunks the entry imports statically (what every start runs) as plain functions;
//   - every other chunk as a brotli-compressed, base64-encoded string, which V8 only scans (~5 ms less than its
//     plain source), decompressed and compiled the first time an import() asks for it.
// One copy of every module, whatever loads it: chunks share the entry's modules through one registry.
import { build, transform } from 'esbuild';
import { basename } from 'node:path';
import { brotliCompressSync, constants as zlibConstants } from 'node:zlib';
import { lazySdkDefaults } from './sdkShims.mjs';

/**
 * The module registry at the head of the file. `__keyrack_require` is every chunk's `require`: our chunks by their
 * file name, Node's built-ins otherwise. The lazy chunks are one brotli stream (one stream compresses 10% better
 * than each chunk alone: the SDK's chunks share most of their vocabulary), decompressed once, on the first import()
 * (~2 ms); each chunk is compiled from its slice on first use. zlib and vm are loaded only then, never on the hot path.
 */
const RUNTIME = `var __keyrack_modules={},__keyrack_cache={},__keyrack_lazy=__KEYRACK_LAZY__,__keyrack_blob=__KEYRACK_BLOB__,__keyrack_text;
function __keyrack_require(id){var m=__keyrack_cache[id];if(m)return m.exports;var f=__keyrack_modules[id];if(!f){var at=__keyrack_lazy[id];if(at===void 0)return require(id);__keyrack_text=__keyrack_text||require("node:zlib").brotliDecompressSync(Buffer.from(__keyrack_blob,"base64")).toString("utf8");f=require("node:vm").compileFunction(__keyrack_text.slice(at[0],at[1]),["exports","require","module"],{filename:"keyrack-cp:"+id})}m=__keyrack_cache[id]={exports:{}};f(m.exports,__keyrack_require,m);return m.exports}
`;

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
  // compileFunction compiles sloppy code unless told: ESM is strict, so each lazy chunk says so itself.
  let blob = '';
  const offsets = lazy.map((n) => {
    const start = blob.length;
    blob += `"use strict";${modules[n]}\n`;
    return `${id(n)}:[${start},${blob.length}]`;
  });
  const compressed = brotliCompressSync(blob, { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11, [zlibConstants.BROTLI_PARAM_SIZE_HINT]: blob.length } }).toString('base64');
  // Sorted, so the file's bytes depend on the sources only.
  const eagerModules = [...eager].sort().map((n) => `__keyrack_modules[${id(n)}]=function(exports,require,module){${modules[n]}\n};\n`);
  const runtime = RUNTIME.replace('__KEYRACK_LAZY__', `{${offsets.join(',')}}`).replace('__KEYRACK_BLOB__', JSON.stringify(compressed));
  const text = `#!/usr/bin/env node\n"use strict";\n${runtime}${eagerModules.join('')}__keyrack_require("./main.js");\n`;

  const inputsOf = (names) => [...new Set(names.flatMap((n) => Object.keys(outputs[n].inputs)))].sort();
  const chunkMap = {
    eager: [...eager].sort().map((n) => `./${n}`),
    chunks: Object.fromEntries(Object.keys(modules).sort().map((n) => [`./${n}`, inputsOf([n])])),
  };
  return { text, eagerInputs: inputsOf([...eager]), lazyInputs: inputsOf(lazy), chunkMap };
}
