// Run by Bun, not Node (scripts/build.mjs starts it with the host's Bun): one executable, through Bun.build, the API
// form of `bun build --compile`, because only it takes plugins (lib/sdkShims.mjs). Options arrive as one JSON
// argument; failures are printed and exit 1.
//
//   bun scripts/lib/bunCompile.mjs '{"entry":…,"target":…,"runtime":…,"outfile":…,"define":{…},"metafile":…|null}'
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { lazySdkDefaults } from './sdkShims.mjs';

const options = JSON.parse(process.argv[2]);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const result = await Bun.build({
  entrypoints: [options.entry],
  compile: {
    target: options.target,
    executablePath: options.runtime,
    outfile: options.outfile,
    // A credential helper must not take its settings from the directory it happens to run in: a .env there could
    // point the SSO endpoints elsewhere, a bunfig.toml could preload code.
    autoloadDotenv: false,
    autoloadBunfig: false,
    autoloadTsconfig: false,
    autoloadPackageJson: false,
    // keyrack-cp runs for milliseconds: code that reaches JavaScriptCore's tier-up thresholds in that time does not
    // pay back its JIT compilation, and the JIT's own code is pages that every start maps in. Thresholds x8
    // (measured: hot-path peak RSS 33.0 -> 30.9 MB, token-valid 49 -> 45 MB, no path slower).
    jitPolicy: 8,
  },
  bytecode: true,
  splitting: true,
  format: 'esm',
  minify: true,
  define: options.define,
  // The SDK's ES module builds, as esbuild takes for the .cjs (lib/linkCjs.mjs): the packages' export maps name
  // "module" before "node", and their CommonJS builds are one file per submodule that nothing can be left out of
  // (measured: the shared SDK chunk 331 -> 156 KB, refresh-path peak RSS 45.8 -> 43.4 MB).
  conditions: ['module'],
  metafile: options.metafile !== null,
  plugins: [lazySdkDefaults(root)],
});
if (!result.success) {
  for (const log of result.logs) console.error(String(log));
  process.exit(1);
}
if (options.metafile) writeFileSync(options.metafile, typeof result.metafile === 'string' ? result.metafile : JSON.stringify(result.metafile));
