// The checkers the build trusts (scripts/lib/executableFormat.mjs, scripts/lib/machO.mjs) must refuse what is wrong,
// and say what: a changed page, the stale signature Bun leaves on darwin-x64, the wrong interpreter or CPU, a
// program that is not ours.

import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { bunRuntime } from '../../scripts/lib/bunRuntime.mjs';
import { BUNDLE_MARKER, checkExecutable } from '../../scripts/lib/executableFormat.mjs';
import { inspectMachO, signMachOAdHoc, verifyMachOSignature } from '../../scripts/lib/machO.mjs';
import { hostLibc, hostTarget, type Target } from '../../scripts/lib/targets.mjs';
import { executableOf, targetNamed } from '../helpers/platforms.ts';
import { ROOT } from '../helpers/sandbox.ts';

const PAGE = 4096;
const read = (name: string) => readFileSync(executableOf(targetNamed(name)));

describe('Mach-O: one byte changed anywhere the signature covers fails, naming its page', () => {
  /** Where to flip a byte: past the load commands in page 0, inside our bundle in __BUN, the last byte signed. */
  const places: Array<[string, (file: Buffer) => number]> = [
    ['page 0, after the load commands', (file) => 32 + file.readUInt32LE(20) + 8],
    ["a page of Bun's payload (__BUN, our bundle)", (file) => inspectMachO(file).segments.find((s) => s.name === '__BUN')!.fileOff + 3 * PAGE + 100],
    ['the last byte before the signature (a partial page)', (file) => inspectMachO(file).signature!.dataOff - 1],
  ];
  describe.each(['darwin-x64', 'darwin-arm64'])('%s', (name) => {
    test.each(places)('%s', (_where, offsetIn) => {
      const file = read(name);
      const offset = offsetIn(file);
      const slots = inspectMachO(file).codeDirectories[0]!.nCodeSlots;
      file.writeUInt8(file.readUInt8(offset) ^ 0x5a, offset);
      const reason = `1 of ${slots} sha256 page hashes do not verify (first: page ${Math.floor(offset / PAGE)})`;
      expect(verifyMachOSignature(file)).toEqual({ ok: false, reason });
      expect(checkExecutable(file, targetNamed(name), BUNDLE_MARKER)).toEqual({ ok: false, reason: `code signature: ${reason}` });
    });
  });
});

describe("Bun's own darwin output, before the build re-signs it", () => {
  const work = mkdtempSync(join(tmpdir(), 'krcp-macho-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const host = hostTarget({ platform: process.platform, arch: process.arch, libc: hostLibc(process.platform, process.report.getReport()) });

  /** `bun build --compile` as a user would run it, with the lockfile's runtime: no re-signing, no format check. */
  function compileRaw(target: Target, source: string): Buffer {
    if (!host.target) throw new Error(host.reason);
    const say = () => {};
    const entry = join(work, `${target.name}-${source.length}.js`);
    const out = `${entry}.out`;
    writeFileSync(entry, source);
    execFileSync(bunRuntime(ROOT, host.target, say), ['build', entry, '--compile', `--target=${target.bunTarget}`, `--compile-executable-path=${bunRuntime(ROOT, target, say)}`, `--outfile=${out}`], { stdio: 'pipe' });
    return readFileSync(out);
  }
  const program = (padBytes: number) => `const pad = ${JSON.stringify('x'.repeat(padBytes))};\nconsole.log(${JSON.stringify(BUNDLE_MARKER)}, pad.length);\n`;

  // Bun adds its __BUN segment to a runtime signed by Bun's Developer ID and keeps that signature. A small program
  // fits in the room the runtime left, so only the pages it changed are stale; a bigger one (ours is 5 MB) moves the
  // signature, so the old one covers less than the file.
  test.each([
    ['a small program: the pages Bun changed no longer match', 0, /^\d+ of \d+ sha256 page hashes do not verify \(first: page \d+\)$/],
    ['a 6 MB program: the signature no longer covers the file', 6_000_000, /^CodeDirectory sha256 covers \d+ bytes, but the signature starts at \d+$/],
  ])('darwin-x64, %s; signMachOAdHoc makes it verify, touching only page 0 and the signature', (_case, padBytes, stale) => {
    const target = targetNamed('darwin-x64');
    const raw = compileRaw(target, program(padBytes));
    const before = verifyMachOSignature(raw);
    expect(before).toEqual({ ok: false, reason: expect.stringMatching(stale) });
    expect(checkExecutable(raw, target, BUNDLE_MARKER)).toEqual({ ok: false, reason: `code signature: ${(before as { reason: string }).reason}` });

    const signed = signMachOAdHoc(raw, 'keyrack-cp');
    expect(verifyMachOSignature(signed)).toEqual({ ok: true });
    expect(checkExecutable(signed, target, BUNDLE_MARKER)).toMatchObject({ ok: true });
    const { signature } = inspectMachO(raw);
    // Only the load commands (page 0) and the signature change: the code a Mac runs is Bun's, byte for byte.
    expect(signed.subarray(PAGE, signature!.dataOff).equals(raw.subarray(PAGE, signature!.dataOff))).toBe(true);
    expect(inspectMachO(signed).codeDirectories.map((cd) => [cd.identifier, cd.flags])).toEqual([['keyrack-cp', 0x2 /* CS_ADHOC */]]);
    // Signing what is signed gives the same file: the sizes it writes into page 0 are the ones it hashes.
    expect(signMachOAdHoc(signed, 'keyrack-cp').equals(signed)).toBe(true);
  });

  test('darwin-arm64: Bun signs it itself, and that signature verifies as it comes', () => {
    const target = targetNamed('darwin-arm64');
    const raw = compileRaw(target, program(6_000_000));
    expect(verifyMachOSignature(raw)).toEqual({ ok: true });
    expect(checkExecutable(raw, target, BUNDLE_MARKER)).toMatchObject({ ok: true });
  });
});

describe('ELF and PE: the wrong file for a target is refused, saying why', () => {
  /** Windows' PE subsystem field, at a fixed place in the optional header (PE32+). */
  const withSubsystem = (file: Buffer, subsystem: number) => {
    file.writeUInt16LE(subsystem, file.readUInt32LE(0x3c) + 24 + 68);
    return file;
  };
  test.each<[string, () => Buffer, string, string]>([
    ['the glibc file for the musl target', () => read('linux-x64'), 'linux-x64-musl', 'ELF interpreter /lib64/ld-linux-x86-64.so.2, not /lib/ld-musl-x86_64.so.1'],
    ['the musl file for the glibc target', () => read('linux-x64-musl'), 'linux-x64', 'ELF interpreter /lib/ld-musl-x86_64.so.1, not /lib64/ld-linux-x86-64.so.2'],
    ['the arm64 musl file for the arm64 glibc target', () => read('linux-arm64-musl'), 'linux-arm64', 'ELF interpreter /lib/ld-musl-aarch64.so.1, not /lib/ld-linux-aarch64.so.1'],
    ['the arm64 file for the x64 target', () => read('linux-arm64'), 'linux-x64', 'ELF machine 183, not x86-64 (62)'],
    ['a program that is not Bun (this Node)', () => readFileSync(process.execPath), 'linux-x64', 'no .bun section'],
    ["Bun's own runtime, without our bundle", () => readFileSync(join(ROOT, 'node_modules', 'bun', 'bin', 'bun.exe')), 'linux-x64', "Bun's payload (.bun section) does not hold the keyrack-cp bundle"],
    ['the .cjs bundle', () => readFileSync(join(ROOT, 'dist', 'keyrack-cp.cjs')), 'linux-x64', 'not an ELF file'],
    ['a Mach-O for the other CPU', () => read('darwin-x64'), 'darwin-arm64', 'Mach-O CPU type 0x1000007, not arm64'],
    ['the Windows file marked a GUI program (subsystem 2)', () => withSubsystem(read('windows-x64'), 2), 'windows-x64', 'PE subsystem 2, not a console program'],
    ['a Linux file for Windows', () => read('linux-x64'), 'windows-x64', 'no MZ header'],
  ])('%s', (_case, file, targetName, reason) => {
    expect(checkExecutable(file(), targetNamed(targetName), BUNDLE_MARKER)).toEqual({ ok: false, reason });
  });

  test('a PE file for another CPU', () => {
    const arm64Windows = { ...targetNamed('windows-x64'), name: 'windows-arm64', cpu: 'arm64', machine: 'arm64' } as Target;
    expect(checkExecutable(read('windows-x64'), arm64Windows, BUNDLE_MARKER)).toEqual({ ok: false, reason: 'PE machine 0x8664, not arm64' });
  });
});
