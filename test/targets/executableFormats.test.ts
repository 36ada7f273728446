// Every executable `npm run build:all` makes, checked as the build checks it (scripts/lib/executableFormat.mjs), and
// read a second time by binutils: what this host can prove of a file for a platform it cannot run.

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { BUNDLE_MARKER, checkExecutable, elfNeededLibraries } from '../../scripts/lib/executableFormat.mjs';
import { hostLibc, hostTarget, TARGETS } from '../../scripts/lib/targets.mjs';
import { binutil, executableOf } from '../helpers/platforms.ts';
import { EXE } from '../helpers/sandbox.ts';

/** What each target's file must say of itself when the check passes (its facts line, as the build prints it). */
const FACTS: Record<string, RegExp> = {
  'linux-x64': /^ELF64 x86-64, interpreter \/lib64\/ld-linux-x86-64\.so\.2$/,
  'linux-arm64': /^ELF64 aarch64, interpreter \/lib\/ld-linux-aarch64\.so\.1$/,
  'linux-x64-musl': /^ELF64 x86-64, interpreter \/lib\/ld-musl-x86_64\.so\.1$/,
  'linux-arm64-musl': /^ELF64 aarch64, interpreter \/lib\/ld-musl-aarch64\.so\.1$/,
  'darwin-x64': /^Mach-O x64, ad-hoc signature verified \(\d+ sha256 page hashes\)$/,
  'darwin-arm64': /^Mach-O arm64, ad-hoc signature verified \(\d+ sha256 page hashes\)$/,
  'windows-x64': /^PE32\+ x64 console program$/,
};

const GLIBC = ['libc.so.6', 'libpthread.so.0', 'libdl.so.2', 'libm.so.6'];
/**
 * The libraries each Linux file links: what a machine must have. glibc's four are on every glibc system. musl's
 * files also link libstdc++.so.6, which Alpine leaves out of its base image: `apk add libstdc++ libgcc` (libstdc++
 * links libgcc_s.so.1). A Bun that starts linking something else changes what users must install, so it fails here.
 */
const LINKED: Record<string, string[]> = {
  'linux-x64': [...GLIBC, 'ld-linux-x86-64.so.2'],
  'linux-arm64': [...GLIBC, 'ld-linux-aarch64.so.1'],
  'linux-x64-musl': ['libstdc++.so.6', 'libc.musl-x86_64.so.1'],
  'linux-arm64-musl': ['libstdc++.so.6', 'libc.musl-aarch64.so.1'],
};
const READELF_MACHINE = { 'x86-64': 'Advanced Micro Devices X86-64', aarch64: 'AArch64' } as const;

test('every target has its expected facts here', () => {
  expect(TARGETS.map((t) => t.name).sort()).toEqual(Object.keys(FACTS).sort());
});

describe.each(TARGETS.map((t) => [t.name, t] as const))('%s', (name, target) => {
  test("format, CPU, interpreter or code signature or subsystem, and our bundle in Bun's payload", () => {
    const check = checkExecutable(readFileSync(executableOf(target)), target, BUNDLE_MARKER);
    expect(check).toEqual({ ok: true, facts: expect.stringMatching(FACTS[name]!) });
  });

  if (target.format === 'elf') {
    test('links only the libraries its libc provides (and libstdc++ on musl); readelf reads the same', () => {
      const path = executableOf(target);
      expect(elfNeededLibraries(readFileSync(path)).sort()).toEqual([...LINKED[name]!].sort());
      const headers = binutil('readelf', ['--file-header', '--program-headers', '--dynamic', '--wide', path]);
      expect(headers).toMatch(new RegExp(`Machine:\\s+${READELF_MACHINE[target.machine as keyof typeof READELF_MACHINE]}\\n`));
      expect(headers).toContain(`[Requesting program interpreter: ${target.interpreter}]`);
      expect([...headers.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]).sort()).toEqual([...LINKED[name]!].sort());
    });
  }

  if (target.format === 'pe') {
    test('objdump reads a PE32+ x86-64 console (CUI) program', () => {
      const headers = binutil('objdump', ['--private-headers', executableOf(target)]);
      expect(headers).toMatch(/file format pei-x86-64\n/);
      expect(headers).toMatch(/\nMagic\s+020b\s+\(PE32\+\)\n/);
      expect(headers).toMatch(/\nSubsystem\s+00000003\s+\(Windows CUI\)\n/);
    });
  }
});

test("this host's target file is, byte for byte, the executable the end-to-end suite runs", () => {
  const host = hostTarget({ platform: process.platform, arch: process.arch, libc: hostLibc(process.platform, process.report.getReport()) });
  if (!host.target) throw new Error(host.reason);
  expect(readFileSync(executableOf(host.target)).equals(readFileSync(EXE))).toBe(true);
});
