// Mach-O code signatures, read and checked without Apple's tools, from the format Apple publishes (xnu's
// osfmk/kern/cs_blobs.h and EXTERNAL_HEADERS/mach-o/loader.h). A macOS on Apple Silicon refuses to run a binary
// whose signature does not verify, and a Mac checks each page's hash as it loads the page, so the build checks
// every hash of every darwin executable it makes, and re-signs (ad hoc) one whose hashes are stale.
//
// An ad-hoc signature is a CodeDirectory (SHA-256 of each 4 KiB page of the file up to the signature) inside a
// SuperBlob at the end of __LINKEDIT, named by the LC_CODE_SIGNATURE load command; no certificate is involved.
import { createHash } from 'node:crypto';

const MH_MAGIC_64 = 0xfeedfacf;
const LC_SEGMENT_64 = 0x19;
const LC_CODE_SIGNATURE = 0x1d;
const CSMAGIC_EMBEDDED_SIGNATURE = 0xfade0cc0;
const CSMAGIC_CODEDIRECTORY = 0xfade0c02;
const CSSLOT_CODEDIRECTORY = 0;
const CSSLOT_ALTERNATE_CODEDIRECTORIES = 0x1000;
const CS_HASHTYPE_SHA1 = 1;
const CS_HASHTYPE_SHA256 = 2;
/** Special slots a CodeDirectory hashes other blobs of the SuperBlob into (slot -N), by blob type. */
const SPECIAL_SLOT_BLOBS = { 2: 2 /* requirements */, 5: 5 /* entitlements */, 7: 7 /* DER entitlements */ };

export const CPU_TYPE = { x64: 0x01000007, arm64: 0x0100000c };

/**
 * The file's Mach-O facts: CPU type, where the signature is, each CodeDirectory and whether its hashes verify.
 * Throws on a file that is not a 64-bit little-endian Mach-O (a fat binary is not what Bun makes).
 * @param {Buffer} file
 */
export function inspectMachO(file) {
  if (file.length < 32 || file.readUInt32LE(0) !== MH_MAGIC_64) throw new Error('not a 64-bit Mach-O file');
  const cpuType = file.readUInt32LE(4);
  const ncmds = file.readUInt32LE(16);
  let at = 32;
  let signature = null;
  const segments = [];
  for (let i = 0; i < ncmds; i++) {
    const cmd = file.readUInt32LE(at);
    const size = file.readUInt32LE(at + 4);
    if (cmd === LC_CODE_SIGNATURE) signature = { commandAt: at, dataOff: file.readUInt32LE(at + 8), dataSize: file.readUInt32LE(at + 12) };
    if (cmd === LC_SEGMENT_64) {
      const name = file.toString('latin1', at + 8, at + 24).replace(/\0+$/, '');
      segments.push({ name, fileOff: Number(file.readBigUInt64LE(at + 40)), fileSize: Number(file.readBigUInt64LE(at + 48)) });
    }
    at += size;
  }
  if (!signature) return { cpuType, segments, signature: null, codeDirectories: [] };
  const blob = file.subarray(signature.dataOff, signature.dataOff + signature.dataSize);
  if (blob.readUInt32BE(0) !== CSMAGIC_EMBEDDED_SIGNATURE) throw new Error('LC_CODE_SIGNATURE does not point at an embedded signature');
  const count = blob.readUInt32BE(8);
  const index = Array.from({ length: count }, (_, i) => ({ type: blob.readUInt32BE(12 + i * 8), offset: blob.readUInt32BE(16 + i * 8) }));
  const blobAt = (offset) => blob.subarray(offset, offset + blob.readUInt32BE(offset + 4));
  const codeDirectories = index
    .filter((e) => e.type === CSSLOT_CODEDIRECTORY || (e.type >= CSSLOT_ALTERNATE_CODEDIRECTORIES && e.type < CSSLOT_ALTERNATE_CODEDIRECTORIES + 5))
    .map((e) => checkCodeDirectory(file, signature.dataOff + e.offset, blobAt(e.offset), index, blobAt));
  return { cpuType, segments, signature, codeDirectories };
}

/** One CodeDirectory: its fields, and how many of its page and special-slot hashes match the file. */
function checkCodeDirectory(file, fileOffset, cd, index, blobAt) {
  if (cd.readUInt32BE(0) !== CSMAGIC_CODEDIRECTORY) throw new Error('a CodeDirectory slot holds something else');
  const version = cd.readUInt32BE(8);
  const fields = {
    fileOffset,
    version,
    flags: cd.readUInt32BE(12),
    hashOffset: cd.readUInt32BE(16),
    identifier: cd.toString('utf8', cd.readUInt32BE(20), cd.indexOf(0, cd.readUInt32BE(20))),
    nSpecialSlots: cd.readUInt32BE(24),
    nCodeSlots: cd.readUInt32BE(28),
    codeLimit: version >= 0x20300 && cd.readBigUInt64BE(56) !== 0n ? Number(cd.readBigUInt64BE(56)) : cd.readUInt32BE(32),
    hashSize: cd[36],
    hashType: cd[37],
    pageSize: cd[39] === 0 ? Infinity : 2 ** cd[39],
  };
  const algorithm = { [CS_HASHTYPE_SHA1]: 'sha1', [CS_HASHTYPE_SHA256]: 'sha256' }[fields.hashType];
  if (!algorithm) throw new Error(`unknown CodeDirectory hash type ${fields.hashType}`);
  const hashOf = (bytes) => createHash(algorithm).update(bytes).digest().subarray(0, fields.hashSize);
  const stale = [];
  for (let slot = 0; slot < fields.nCodeSlots; slot++) {
    const start = slot * fields.pageSize;
    const page = file.subarray(start, Math.min(start + fields.pageSize, fields.codeLimit));
    const stored = cd.subarray(fields.hashOffset + slot * fields.hashSize, fields.hashOffset + (slot + 1) * fields.hashSize);
    if (!hashOf(page).equals(stored)) stale.push(slot);
  }
  const staleSpecial = [];
  for (const [slot, type] of Object.entries(SPECIAL_SLOT_BLOBS)) {
    if (Number(slot) > fields.nSpecialSlots) continue;
    const stored = cd.subarray(fields.hashOffset - Number(slot) * fields.hashSize, fields.hashOffset - (Number(slot) - 1) * fields.hashSize);
    const entry = index.find((e) => e.type === type);
    const expected = entry ? hashOf(blobAt(entry.offset)) : Buffer.alloc(fields.hashSize);
    if (!expected.equals(stored)) staleSpecial.push(Number(slot));
  }
  return { ...fields, algorithm, stalePages: stale, staleSpecialSlots: staleSpecial };
}

/**
 * Whether the file's signature is whole: present, covering every byte before it, and every hash verifying.
 * Returns the reason when it is not (for the build's error and the test's message).
 * @param {Buffer} file
 * @returns {{ ok: true } | { ok: false, reason: string }}
 */
export function verifyMachOSignature(file) {
  const info = inspectMachO(file);
  if (!info.signature) return { ok: false, reason: 'no LC_CODE_SIGNATURE' };
  if (info.codeDirectories.length === 0) return { ok: false, reason: 'the signature holds no CodeDirectory' };
  for (const cd of info.codeDirectories) {
    if (cd.codeLimit !== info.signature.dataOff) {
      return { ok: false, reason: `CodeDirectory ${cd.algorithm} covers ${cd.codeLimit} bytes, but the signature starts at ${info.signature.dataOff}` };
    }
    if (cd.nCodeSlots !== Math.ceil(cd.codeLimit / cd.pageSize)) return { ok: false, reason: `CodeDirectory ${cd.algorithm} has ${cd.nCodeSlots} page hashes for ${cd.codeLimit} bytes` };
    if (cd.stalePages.length > 0) {
      return { ok: false, reason: `${cd.stalePages.length} of ${cd.nCodeSlots} ${cd.algorithm} page hashes do not verify (first: page ${cd.stalePages[0]})` };
    }
    if (cd.staleSpecialSlots.length > 0) return { ok: false, reason: `special slots ${cd.staleSpecialSlots.join(', ')} do not verify` };
  }
  return { ok: true };
}

const CSMAGIC_EMBEDDED_SIGNATURE_HEADER = 20; // magic, length, count, one index entry {type, offset}
const CD_VERSION = 0x20400; // with the executable-segment fields, as ld64 writes for a linker-signed binary
const CD_HEADER_SIZE = 88;
const CS_ADHOC = 0x2;
const CS_EXECSEG_MAIN_BINARY = 0x1;
const PAGE_SHIFT = 12; // 4 KiB pages, what ld64 and codesign hash on both architectures
const SEGMENT_ALIGN = 0x4000; // __LINKEDIT's vmsize in 16 KiB pages, as Apple's linker lays out both architectures

/**
 * Signs ad hoc: a new signature of one SHA-256 CodeDirectory over every byte before it, replacing whatever was
 * there. For Bun's darwin-x64 output, which keeps the runtime's original Developer ID signature after Bun adds its
 * __BUN segment, so that 75 page hashes and the extent no longer match (oven-sh/bun#39837); a Mac with the hardened
 * runtime flag that signature carries kills such a process. The result has the shape of the signature Bun's
 * darwin-arm64 output gets from its own signer (one CodeDirectory, no special slots), except for its flags: CS_ADHOC
 * alone, as `codesign --sign -` writes, since no linker made this one.
 *
 * The signature must be the last thing in __LINKEDIT and in the file (it is in every binary ld64 writes); the load
 * commands that give its size and __LINKEDIT's are updated before the pages are hashed, since they are in page 0.
 * @param {Buffer} file
 * @param {string} identifier
 * @returns {Buffer} the signed file
 */
export function signMachOAdHoc(file, identifier) {
  const info = inspectMachO(file);
  const linkedit = info.segments.find((s) => s.name === '__LINKEDIT');
  const text = info.segments.find((s) => s.name === '__TEXT');
  if (!info.signature || !linkedit || !text) throw new Error('no LC_CODE_SIGNATURE, __LINKEDIT or __TEXT to sign');
  const { dataOff } = info.signature;
  if (info.signature.dataOff + info.signature.dataSize !== file.length || linkedit.fileOff + linkedit.fileSize !== file.length) {
    throw new Error('the signature is not at the end of __LINKEDIT and of the file');
  }
  const ident = Buffer.from(`${identifier}\0`, 'utf8');
  const nCodeSlots = Math.ceil(dataOff / 2 ** PAGE_SHIFT);
  const hashOffset = CD_HEADER_SIZE + ident.length;
  const cdLength = hashOffset + nCodeSlots * 32;
  const sigLength = CSMAGIC_EMBEDDED_SIGNATURE_HEADER + cdLength;
  if (dataOff > 0xffffffff) throw new Error('a signature past 4 GiB needs codeLimit64');

  const out = Buffer.alloc(dataOff + sigLength);
  file.copy(out, 0, 0, dataOff);
  out.writeUInt32LE(sigLength, info.signature.commandAt + 12);
  const linkeditSize = dataOff + sigLength - linkedit.fileOff;
  const segmentAt = findSegmentCommand(out, '__LINKEDIT');
  out.writeBigUInt64LE(BigInt(linkeditSize), segmentAt + 48);
  out.writeBigUInt64LE(BigInt(Math.ceil(linkeditSize / SEGMENT_ALIGN) * SEGMENT_ALIGN), segmentAt + 32);

  const sig = out.subarray(dataOff);
  sig.writeUInt32BE(CSMAGIC_EMBEDDED_SIGNATURE, 0);
  sig.writeUInt32BE(sigLength, 4);
  sig.writeUInt32BE(1, 8);
  sig.writeUInt32BE(CSSLOT_CODEDIRECTORY, 12);
  sig.writeUInt32BE(CSMAGIC_EMBEDDED_SIGNATURE_HEADER, 16);
  const cd = sig.subarray(CSMAGIC_EMBEDDED_SIGNATURE_HEADER);
  cd.writeUInt32BE(CSMAGIC_CODEDIRECTORY, 0);
  cd.writeUInt32BE(cdLength, 4);
  cd.writeUInt32BE(CD_VERSION, 8);
  cd.writeUInt32BE(CS_ADHOC, 12);
  cd.writeUInt32BE(hashOffset, 16);
  cd.writeUInt32BE(CD_HEADER_SIZE, 20); // identOffset
  cd.writeUInt32BE(0, 24); // nSpecialSlots
  cd.writeUInt32BE(nCodeSlots, 28);
  cd.writeUInt32BE(dataOff, 32); // codeLimit
  cd[36] = 32; // hashSize
  cd[37] = CS_HASHTYPE_SHA256;
  cd[38] = 0; // platform
  cd[39] = PAGE_SHIFT;
  // spare2, scatterOffset, teamOffset, spare3, codeLimit64: zero (Buffer.alloc)
  cd.writeBigUInt64BE(BigInt(text.fileOff), 64); // execSegBase
  cd.writeBigUInt64BE(BigInt(text.fileSize), 72); // execSegLimit
  cd.writeBigUInt64BE(BigInt(CS_EXECSEG_MAIN_BINARY), 80); // execSegFlags
  ident.copy(cd, CD_HEADER_SIZE);
  for (let slot = 0; slot < nCodeSlots; slot++) {
    const start = slot * 2 ** PAGE_SHIFT;
    createHash('sha256').update(out.subarray(start, Math.min(start + 2 ** PAGE_SHIFT, dataOff))).digest().copy(cd, hashOffset + slot * 32);
  }
  return out;
}

function findSegmentCommand(file, wanted) {
  let at = 32;
  for (let i = 0; i < file.readUInt32LE(16); i++) {
    if (file.readUInt32LE(at) === LC_SEGMENT_64 && file.toString('latin1', at + 8, at + 24).replace(/\0+$/, '') === wanted) return at;
    at += file.readUInt32LE(at + 4);
  }
  throw new Error(`no ${wanted} segment`);
}
