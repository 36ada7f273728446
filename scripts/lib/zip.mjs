// Zip archives, written (APPNOTE 6.3: local headers, deflated data, the central directory, its end record).
// Hand-written: Node has no zip writer, Windows users expect a .zip, and one we write ourselves is deterministic,
// so that the same files make the same bytes and SHA256SUMS can be reproduced: entries sorted by name, one
// timestamp given by the caller, no extra fields (no uid, gid or access time of the machine that packed it).
import { crc32, deflateRawSync } from 'node:zlib';
import { sortedEntries } from './archiveEntry.mjs';

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const VERSION_NEEDED = 20; // 2.0: deflate and directories
const MADE_BY_UNIX = (3 << 8) | VERSION_NEEDED; // "made by Unix", so unzip and Python read the mode from the top 16 bits
const STORED = 0;
const DEFLATED = 8;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;
const MSDOS_DIRECTORY = 0x10;
/** Past this, sizes and offsets need Zip64 records, which nothing here writes: our files are ~120 MB. */
const ZIP32_LIMIT = 0xffffffff;

/**
 * A zip archive of `entries`, in name order whatever order they come in; files deflated, directories stored.
 * @param {readonly import('./archiveEntry.mjs').ArchiveEntry[]} entries
 * @param {Date} mtime  every entry's modification time
 * @returns {Buffer}
 */
export function zipArchive(entries, mtime) {
  if (typeof crc32 !== 'function') throw new Error('writing a zip needs zlib.crc32, in Node >= 20.15');
  const { time, date } = dosDateTime(mtime);
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const entry of sortedEntries(entries)) {
    const isDir = entry.name.endsWith('/');
    const data = isDir ? Buffer.alloc(0) : entry.data;
    const packed = isDir ? data : deflateRawSync(data, { level: 9 });
    const name = Buffer.from(entry.name, 'utf8');
    const fields = { method: isDir ? STORED : DEFLATED, time, date, crc: crc32(data) >>> 0, packedSize: packed.length, size: data.length, name };
    if (packed.length >= ZIP32_LIMIT || data.length >= ZIP32_LIMIT || offset >= ZIP32_LIMIT) throw new Error(`${entry.name}: too big for a zip without Zip64`);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL_HEADER, 0);
    local.writeUInt16LE(VERSION_NEEDED, 4);
    writeCommon(local, 6, fields);
    locals.push(local, name, packed);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL_HEADER, 0);
    central.writeUInt16LE(MADE_BY_UNIX, 4);
    central.writeUInt16LE(VERSION_NEEDED, 6);
    writeCommon(central, 8, fields);
    // 30: extra length, 32: comment length, 34: disk number, 36: internal attributes: all zero
    central.writeUInt32LE((((isDir ? S_IFDIR : S_IFREG) | entry.mode) * 0x10000 + (isDir ? MSDOS_DIRECTORY : 0)) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  // 4: this disk, 6: the directory's disk: zero
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  // 20: comment length: zero
  return Buffer.concat([...locals, directory, end]);
}

/** The fields local and central headers share, from "general purpose flags" to "extra field length". */
function writeCommon(header, at, { method, time, date, crc, packedSize, size, name }) {
  header.writeUInt16LE(0, at); // flags: no encryption, no data descriptor, ASCII names
  header.writeUInt16LE(method, at + 2);
  header.writeUInt16LE(time, at + 4);
  header.writeUInt16LE(date, at + 6);
  header.writeUInt32LE(crc, at + 8);
  header.writeUInt32LE(packedSize, at + 12);
  header.writeUInt32LE(size, at + 16);
  header.writeUInt16LE(name.length, at + 20);
  header.writeUInt16LE(0, at + 22); // extra field length
}

/**
 * MS-DOS date and time, which have no time zone: taken from the UTC fields, so the bytes do not depend on the
 * packing machine's zone. Two-second resolution; years 1980 to 2107.
 */
export function dosDateTime(when) {
  const year = when.getUTCFullYear();
  if (year < 1980 || year > 2107) throw new Error(`${when.toISOString()} is outside what a zip timestamp holds (1980-2107)`);
  return {
    time: (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | Math.floor(when.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate(),
  };
}
