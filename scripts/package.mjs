// npm run package: the release, from the executables `npm run build:all` made (npm run package runs it first).
//   dist/release/keyrack-cp-<version>-<target>.tar.gz   Linux and macOS: keyrack-cp (0755), README.md, LICENSE
//   dist/release/keyrack-cp-<version>-windows-x64.zip   keyrack-cp.exe, README.md, LICENSE
//   dist/release/SHA256SUMS                             for `sha256sum -c SHA256SUMS`
// --out DIR puts them in DIR instead. The same executables make the same bytes (lib/releaseArchive.mjs).
//
// It packs and does not build: the build rewrites dist/ in place (esbuild writes dist/keyrack-cp.cjs where it
// stands), which would break the other test files that run dist/'s artifacts while the release tests pack, and a
// release job that built once should not build again. `npm run package` chains the two, as demo and bench do.
// What it packs is checked first as the build checks it (lib/executableFormat.mjs): a missing executable, or one
// of the wrong format or CPU, stops the release rather than ship under a target's name.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BUNDLE_MARKER, checkExecutable } from './lib/executableFormat.mjs';
import { archiveFileName, releaseArchive, releaseEntries, sha256Hex, sha256Sums } from './lib/releaseArchive.mjs';
import { executableName, TARGETS } from './lib/targets.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'dist', 'release') } } });
const out = values.out;
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const say = (line) => console.log(`package: ${line}`);
const shown = (path) => relative(process.cwd(), path) || '.';

function fail(reason) {
  process.stderr.write(`package: ${reason}.\n`);
  process.exit(2);
}

const readme = readFileSync(join(root, 'README.md'));
const license = readFileSync(join(root, 'LICENSE'));
const missing = TARGETS.map((t) => join(root, 'dist', executableName(t))).filter((f) => !existsSync(f));
if (missing.length > 0) fail(`${missing.map(shown).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing: run npm run build:all (npm run package does)`);

// All checked before anything is written, so that a refusal leaves no half-made release behind.
for (const target of TARGETS) {
  const check = checkExecutable(readFileSync(join(root, 'dist', executableName(target))), target, BUNDLE_MARKER);
  if (!check.ok) fail(`dist/${executableName(target)}: ${check.reason}`);
}

mkdirSync(out, { recursive: true });
const made = [];
for (const target of TARGETS) {
  const executable = readFileSync(join(root, 'dist', executableName(target)));
  const archive = releaseArchive(target, releaseEntries(version, target, { executable, readme, license }));
  const name = archiveFileName(version, target);
  writeAtomically(join(out, name), archive);
  made.push({ name, sha256: sha256Hex(archive) });
  say(`${shown(join(out, name))}  ${(archive.length / 1e6).toFixed(1)} MB`);
}
// An archive of another version left here would sit beside the new ones with no line in SHA256SUMS.
for (const stale of readdirSync(out).filter((f) => /^keyrack-cp-.*\.(tar\.gz|zip)$/.test(f) && !made.some((m) => m.name === f))) {
  rmSync(join(out, stale), { force: true });
  say(`removed ${stale}, not part of this release`);
}
writeAtomically(join(out, 'SHA256SUMS'), sha256Sums(made));
say(`${shown(join(out, 'SHA256SUMS'))}: ${made.length} archives`);

/** Written beside the target and renamed over it, so a file of that name is always a whole archive. */
function writeAtomically(path, data) {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
