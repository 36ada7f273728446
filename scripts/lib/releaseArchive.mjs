// What a release holds: for each target an archive of its executable, the README and the LICENSE, and SHA256SUMS
// over the archives. The layout is decided here; the byte formats are ustar.mjs and zip.mjs.
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { hostExecutableName } from './targets.mjs';
import { ustarArchive } from './ustar.mjs';
import { zipArchive } from './zip.mjs';

/**
 * Every entry's mtime: one fixed instant, so that an archive's bytes depend only on the files in it and not on when
 * it was packed. 1980-01-01, the earliest a zip timestamp holds, so that both formats say the same instant.
 */
export const RELEASE_MTIME = new Date('1980-01-01T00:00:00Z');

/** gzip's OS byte: zlib writes the packing machine's (3 on Unix, 10 on Windows, 19 on macOS); pinned to Unix. */
const GZIP_OS_UNIX = 3;
const GZIP_OS_OFFSET = 9;

/** keyrack-cp-<version>-<target>: the archive's name without its extension, and the one directory it unpacks to. */
export const releaseName = (version, target) => `keyrack-cp-${version}-${target.name}`;

/** A .zip for Windows, which opens one with no other tool; a .tar.gz elsewhere, which keeps the executable's mode. */
export const archiveFileName = (version, target) => `${releaseName(version, target)}${target.os === 'win32' ? '.zip' : '.tar.gz'}`;

/**
 * The entries of a target's archive. All of them sit in one directory named like the archive: unpacking it leaves
 * one new directory, never a README.md or LICENSE over the user's own files, as ripgrep's and fd's archives do.
 * The executable is named as users run it, keyrack-cp (keyrack-cp.exe), not after the target it was built for.
 * @param {string} version
 * @param {import('./targets.mjs').Target} target
 * @param {{ executable: Buffer, readme: Buffer, license: Buffer }} files
 * @returns {import('./archiveEntry.mjs').ArchiveEntry[]}
 */
export function releaseEntries(version, target, files) {
  const dir = releaseName(version, target);
  return [
    { name: `${dir}/`, mode: 0o755 },
    { name: `${dir}/${hostExecutableName(target.os)}`, mode: 0o755, data: files.executable },
    { name: `${dir}/README.md`, mode: 0o644, data: files.readme },
    { name: `${dir}/LICENSE`, mode: 0o644, data: files.license },
  ];
}

/**
 * The archive's bytes: a zip for Windows, else a gzipped ustar.
 * @param {import('./targets.mjs').Target} target
 * @param {readonly import('./archiveEntry.mjs').ArchiveEntry[]} entries
 */
export function releaseArchive(target, entries) {
  if (target.os === 'win32') return zipArchive(entries, RELEASE_MTIME);
  const gz = gzipSync(ustarArchive(entries, RELEASE_MTIME), { level: 9 });
  gz[GZIP_OS_OFFSET] = GZIP_OS_UNIX;
  return gz;
}

/**
 * SHA256SUMS as `sha256sum` writes it and `sha256sum -c` reads it: "<hex>  <name>" (two spaces: GNU's text-mode
 * marker, which on Linux and macOS reads the same bytes as binary mode), one line per file, in name order.
 * @param {ReadonlyArray<{ name: string, sha256: string }>} files
 */
export function sha256Sums(files) {
  return [...files]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => `${f.sha256}  ${f.name}\n`)
    .join('');
}

export const sha256Hex = (data) => createHash('sha256').update(data).digest('hex');
