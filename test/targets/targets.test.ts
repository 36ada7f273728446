// scripts/lib/targets.mjs: which executable each host builds and runs, what --target accepts, and that every target's
// runtime is one the lockfile pins (the build fetches it by that pin and nothing else).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { executableName, hostExecutableName, hostLibc, hostTarget, selectTargets, TARGETS } from '../../scripts/lib/targets.mjs';
import { ROOT } from '../helpers/sandbox.ts';

const SUPPORTED = 'linux-x64, linux-arm64, linux-x64-musl, linux-arm64-musl, darwin-x64, darwin-arm64, windows-x64';

describe('hostTarget', () => {
  test.each([
    ['linux', 'x64', 'glibc', 'linux-x64'],
    ['linux', 'x64', 'musl', 'linux-x64-musl'],
    ['linux', 'arm64', 'glibc', 'linux-arm64'],
    ['linux', 'arm64', 'musl', 'linux-arm64-musl'],
    ['darwin', 'x64', null, 'darwin-x64'],
    ['darwin', 'arm64', null, 'darwin-arm64'],
    ['win32', 'x64', null, 'windows-x64'],
  ] as const)('%s %s %s → %s', (platform, arch, libc, name) => {
    expect(hostTarget({ platform, arch, libc })).toEqual({ target: expect.objectContaining({ name }) });
  });

  test.each([
    ['win32', 'arm64', null, 'win32-arm64'],
    ['freebsd', 'x64', null, 'freebsd-x64'],
    ['linux', 'ia32', 'glibc', 'linux-ia32 (glibc)'],
    ['linux', 's390x', 'musl', 'linux-s390x (musl)'],
  ] as const)('%s %s %s: no executable, and the reason names the host and every target', (platform, arch, libc, host) => {
    expect(hostTarget({ platform, arch, libc })).toEqual({
      target: null,
      reason: `keyrack-cp ships no executable for ${host}; it ships ${SUPPORTED}. dist/keyrack-cp.cjs runs on Node >= 20 anywhere`,
    });
  });
});

describe('hostLibc: glibc when Node reports a glibc runtime version, else musl; null off Linux', () => {
  test.each([
    ['linux', { header: { glibcVersionRuntime: '2.36' } }, 'glibc'],
    ['linux', { header: {} }, 'musl'],
    ['linux', undefined, 'musl'],
    ['darwin', { header: {} }, null],
    ['win32', { header: { glibcVersionRuntime: '2.36' } }, null],
  ] as const)('%s %j → %s', (platform, report, libc) => {
    expect(hostLibc(platform, report)).toBe(libc);
  });

  test('this host', () => {
    expect(hostLibc(process.platform, process.report.getReport())).toBe(process.platform === 'linux' ? 'glibc' : null);
  });
});

describe('selectTargets (--target)', () => {
  test('known names: those targets, in the table order', () => {
    expect(selectTargets(['darwin-arm64', 'linux-arm64'])).toEqual({ targets: [TARGETS[1], TARGETS[5]] });
  });

  test.each([
    [['linux-arm64', 'macos-arm64'], "unknown target 'macos-arm64'"],
    [['linux-amd64', 'win64'], "unknown targets 'linux-amd64', 'win64'"],
    [[''], "unknown target ''"],
  ])('%j is refused, naming the supported targets', (names, unknown) => {
    expect(selectTargets(names)).toEqual({ targets: null, reason: `${unknown}: the supported targets are ${SUPPORTED}` });
  });
});

test('file names: dist/keyrack-cp-<target>, .exe on Windows; the host file keyrack-cp[.exe]', () => {
  expect(TARGETS.map(executableName)).toEqual([
    'keyrack-cp-linux-x64',
    'keyrack-cp-linux-arm64',
    'keyrack-cp-linux-x64-musl',
    'keyrack-cp-linux-arm64-musl',
    'keyrack-cp-darwin-x64',
    'keyrack-cp-darwin-arm64',
    'keyrack-cp-windows-x64.exe',
  ]);
  expect([hostExecutableName('linux'), hostExecutableName('darwin'), hostExecutableName('win32')]).toEqual(['keyrack-cp', 'keyrack-cp', 'keyrack-cp.exe']);
});

test("every target's runtime is one of bun's optional dependencies, pinned with its integrity in package-lock.json", () => {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  const bun = lock.packages['node_modules/bun'];
  for (const target of TARGETS) {
    expect(Object.keys(bun.optionalDependencies), target.name).toContain(target.runtimePackage);
    const pinned = lock.packages[`node_modules/${target.runtimePackage}`];
    expect(pinned, target.name).toMatchObject({ version: bun.version, integrity: expect.stringMatching(/^sha512-/) });
  }
});
