// What can be proven here about an executable built for another platform: its file format, its CPU, the program
// interpreter it asks for and the libraries it links (ELF), its code signature (Mach-O), and that Bun's payload
// section holds our code. The build checks every file it makes with this, and so do the tests (test/targets).
import { CPU_TYPE, inspectMachO, verifyMachOSignature } from './machO.mjs';

/** Found in every executable's Bun payload by the format check: only our bundle holds it (src/main.ts). */
export const BUNDLE_MARKER = 'keyrack-cp: unexpected failure';

const ELF_MACHINE = { 'x86-64': 62, aarch64: 183 };
const PE_MACHINE = { x64: 0x8664, arm64: 0xaa64 };
const PE_SUBSYSTEM_CONSOLE = 3;

/**
 * @param {Buffer} file
 * @param {import('./targets.mjs').Target} target
 * @param {string} marker  text that only our bundle holds, looked for inside Bun's payload section
 * @returns {{ ok: true, facts: string } | { ok: false, reason: string }}
 */
export function checkExecutable(file, target, marker) {
  try {
    const found = { elf: checkElf, macho: checkMachO, pe: checkPe }[target.format](file, target);
    if (!found.ok) return found;
    if (!found.payload.includes(marker)) return { ok: false, reason: `Bun's payload (${found.payloadName}) does not hold the keyrack-cp bundle` };
    return { ok: true, facts: found.facts };
  } catch (error) {
    return { ok: false, reason: `not a well-formed ${target.format} file (${error.message})` };
  }
}

function checkElf(file, target) {
  if (file.readUInt32BE(0) !== 0x7f454c46) return { ok: false, reason: 'not an ELF file' };
  if (file[4] !== 2 || file[5] !== 1) return { ok: false, reason: 'not a 64-bit little-endian ELF file' };
  const machine = file.readUInt16LE(18);
  if (machine !== ELF_MACHINE[target.machine]) return { ok: false, reason: `ELF machine ${machine}, not ${target.machine} (${ELF_MACHINE[target.machine]})` };
  const phoff = Number(file.readBigUInt64LE(32));
  const [phentsize, phnum] = [file.readUInt16LE(54), file.readUInt16LE(56)];
  let interpreter = null;
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (file.readUInt32LE(at) !== 3 /* PT_INTERP */) continue;
    const offset = Number(file.readBigUInt64LE(at + 8));
    const size = Number(file.readBigUInt64LE(at + 32));
    interpreter = file.toString('latin1', offset, offset + size).replace(/\0+$/, '');
  }
  if (interpreter !== target.interpreter) return { ok: false, reason: `ELF interpreter ${interpreter ?? '(none)'}, not ${target.interpreter}` };
  const bun = elfSection(file, '.bun');
  if (!bun) return { ok: false, reason: 'no .bun section' };
  return { ok: true, payload: bun, payloadName: '.bun section', facts: `ELF64 ${target.machine}, interpreter ${interpreter}` };
}

/**
 * The shared libraries an ELF file names (DT_NEEDED), in order: what a machine must have for it to start, beyond
 * its interpreter.
 * @param {Buffer} file
 * @returns {string[]}
 */
export function elfNeededLibraries(file) {
  const dynamic = elfSection(file, '.dynamic');
  const strings = elfSection(file, '.dynstr');
  if (!dynamic || !strings) return [];
  const needed = [];
  for (let at = 0; at + 16 <= dynamic.length; at += 16) {
    const tag = dynamic.readBigInt64LE(at);
    if (tag === 0n /* DT_NULL */) break;
    if (tag !== 1n /* DT_NEEDED */) continue;
    const nameAt = Number(dynamic.readBigUInt64LE(at + 8));
    needed.push(strings.toString('latin1', nameAt, strings.indexOf(0, nameAt)));
  }
  return needed;
}

function elfSection(file, wanted) {
  const shoff = Number(file.readBigUInt64LE(40));
  const [shentsize, shnum, shstrndx] = [file.readUInt16LE(58), file.readUInt16LE(60), file.readUInt16LE(62)];
  const header = (i) => shoff + i * shentsize;
  const names = Number(file.readBigUInt64LE(header(shstrndx) + 24));
  for (let i = 0; i < shnum; i++) {
    const at = header(i);
    const nameAt = names + file.readUInt32LE(at);
    if (file.toString('latin1', nameAt, file.indexOf(0, nameAt)) !== wanted) continue;
    const offset = Number(file.readBigUInt64LE(at + 24));
    return file.subarray(offset, offset + Number(file.readBigUInt64LE(at + 32)));
  }
  return null;
}

function checkMachO(file, target) {
  const info = inspectMachO(file);
  if (info.cpuType !== CPU_TYPE[target.machine]) return { ok: false, reason: `Mach-O CPU type 0x${info.cpuType.toString(16)}, not ${target.machine}` };
  const signature = verifyMachOSignature(file);
  if (!signature.ok) return { ok: false, reason: `code signature: ${signature.reason}` };
  const bun = info.segments.find((s) => s.name === '__BUN');
  if (!bun) return { ok: false, reason: 'no __BUN segment' };
  const pages = info.codeDirectories.map((cd) => `${cd.nCodeSlots} ${cd.algorithm} page hashes`).join(', ');
  return {
    ok: true,
    payload: file.subarray(bun.fileOff, bun.fileOff + bun.fileSize),
    payloadName: '__BUN segment',
    facts: `Mach-O ${target.machine}, ad-hoc signature verified (${pages})`,
  };
}

function checkPe(file, target) {
  if (file.toString('latin1', 0, 2) !== 'MZ') return { ok: false, reason: 'no MZ header' };
  const pe = file.readUInt32LE(0x3c);
  if (file.toString('latin1', pe, pe + 4) !== 'PE\0\0') return { ok: false, reason: 'no PE signature' };
  const machine = file.readUInt16LE(pe + 4);
  if (machine !== PE_MACHINE[target.machine]) return { ok: false, reason: `PE machine 0x${machine.toString(16)}, not ${target.machine}` };
  const sections = file.readUInt16LE(pe + 6);
  const optionalSize = file.readUInt16LE(pe + 20);
  const optional = pe + 24;
  if (file.readUInt16LE(optional) !== 0x20b) return { ok: false, reason: 'not PE32+' };
  const subsystem = file.readUInt16LE(optional + 68);
  if (subsystem !== PE_SUBSYSTEM_CONSOLE) return { ok: false, reason: `PE subsystem ${subsystem}, not a console program` };
  for (let i = 0; i < sections; i++) {
    const at = optional + optionalSize + i * 40;
    if (file.toString('latin1', at, at + 8).replace(/\0+$/, '') !== '.bun') continue;
    const [size, offset] = [file.readUInt32LE(at + 16), file.readUInt32LE(at + 20)];
    return { ok: true, payload: file.subarray(offset, offset + size), payloadName: '.bun section', facts: `PE32+ ${target.machine} console program` };
  }
  return { ok: false, reason: 'no .bun section' };
}
