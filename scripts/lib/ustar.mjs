// ustar (POSIX tar) archives, read and written. Hand-written: Node has no tar reader or writer, and what we use of
// the format is small: a 512-byte header per entry, its data padded to 512 bytes, two zero blocks at the end.
// - Reading: one regular file out of an npm package tarball (lib/bunRuntime.mjs takes Bun's runtime out of one).
// - Writing: the release archives (lib/releaseArchive.mjs). Deterministic, so that the same files make the same
//   bytes and SHA256SUMS can be reproduced: entries sorted by name, one mtime given by the caller, owner 0:0 with no
//   user or group name (nothing of the machine that packed it).
import { sortedEntries } from './archiveEntry.mjs';

const BLOCK = 512;

/**
 * One regular file out of an (uncompressed) ustar archive, as npm packs them.
 * @param {Buffer} tar
 * @param {string} wanted
 */
export function fileInTarball(tar, wanted) {
  let at = 0;
  let longName = null;
  while (at + BLOCK <= tar.length) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break;
    const field = (start, length) => header.toString('utf8', start, start + length).replace(/\0.*$/s, '');
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1) || '0';
    const prefix = field(345, 155);
    const name = longName ?? (prefix ? `${prefix}/${field(0, 100)}` : field(0, 100));
    const data = tar.subarray(at + BLOCK, at + BLOCK + size);
    longName = null;
    if (type === 'x') {
      // A pax extended header: a `path` record names the next entry.
      const path = data.toString('utf8').match(/^\d+ path=(.*)$/m);
      if (path) longName = path[1];
    } else if ((type === '0' || type === '\0') && name === wanted) {
      return Buffer.from(data);
    }
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new Error(`${wanted} is not in the package`);
}

/**
 * An uncompressed ustar archive of `entries`, in name order whatever order they come in.
 * @param {readonly import('./archiveEntry.mjs').ArchiveEntry[]} entries
 * @param {Date} mtime  every entry's modification time
 * @returns {Buffer}
 */
export function ustarArchive(entries, mtime) {
  const parts = [];
  for (const entry of sortedEntries(entries)) {
    const isDir = entry.name.endsWith('/');
    const data = isDir ? Buffer.alloc(0) : entry.data;
    parts.push(ustarHeader({ name: entry.name, mode: entry.mode, size: data.length, mtime, type: isDir ? '5' : '0' }), data);
    parts.push(Buffer.alloc((BLOCK - (data.length % BLOCK)) % BLOCK));
  }
  parts.push(Buffer.alloc(2 * BLOCK));
  return Buffer.concat(parts);
}

function ustarHeader({ name, mode, size, mtime, type }) {
  const header = Buffer.alloc(BLOCK);
  // Our names are short; a long one would need the prefix field or a pax header, which nothing here writes.
  if (Buffer.byteLength(name) > 100) throw new Error(`${name}: a name over 100 bytes does not fit a ustar header`);
  header.write(name, 0, 'utf8');
  writeOctal(header, 100, 8, mode);
  writeOctal(header, 108, 8, 0); // uid
  writeOctal(header, 116, 8, 0); // gid
  writeOctal(header, 124, 12, size);
  writeOctal(header, 136, 12, Math.floor(mtime.getTime() / 1000));
  header.write(type, 156, 'latin1');
  header.write('ustar\0' + '00', 257, 'latin1'); // magic and version: POSIX ustar, not GNU's "ustar  \0"
  // The checksum is the sum of the header's bytes with its own field read as eight spaces.
  header.fill(' ', 148, 156);
  const sum = header.reduce((total, b) => total + b, 0);
  header.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return header;
}

/** A number as zero-padded octal digits ending in NUL, filling the field: how POSIX and GNU tar write them. */
function writeOctal(header, at, length, value) {
  const digits = value.toString(8);
  if (digits.length > length - 1) throw new Error(`${value} does not fit a ${length}-byte ustar field`);
  header.write(`${digits.padStart(length - 1, '0')}\0`, at, 'latin1');
}
