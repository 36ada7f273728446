// The executables `npm run build:all` makes for every target, and how this x64 host runs the one it can only emulate:
// linux-arm64 under qemu-aarch64-static with Debian's arm64 runtime (scripts/lib/arm64Emulation.mjs).

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ARM64_EMULATION_INSTALL, ARM64_RUNTIME_FILES, QEMU_AARCH64 } from '../../scripts/lib/arm64Emulation.mjs';
import { executableName, TARGETS, type Target } from '../../scripts/lib/targets.mjs';
import { INSTALL_HINT } from './installHint.ts';
import { ROOT } from './sandbox.ts';

export function targetNamed(name: string): Target {
  const target = TARGETS.find((t) => t.name === name);
  if (!target) throw new Error(`no target '${name}' in scripts/lib/targets.mjs`);
  return target;
}

/** dist/keyrack-cp-<target>[.exe], which must have been built. */
export function executableOf(target: Target): string {
  const path = join(ROOT, 'dist', executableName(target));
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`npm run build:all\` first (npm test does).`);
  return path;
}

/**
 * The command that runs the linux-arm64 executable here. `-L /` makes qemu look for the arm64 loader and libraries
 * in this root, where multiarch put them, rather than in a sysroot someone may have left in /etc/qemu-binfmt.
 */
export function underQemu(): readonly string[] {
  const version = existsSync(QEMU_AARCH64) ? spawnSync(QEMU_AARCH64, ['--version'], { encoding: 'utf8' }).stdout ?? '' : '(missing)';
  const absent = ARM64_RUNTIME_FILES.filter((f) => !existsSync(f));
  if (!version.startsWith('qemu-aarch64 version') || absent.length > 0) {
    const found = [`${QEMU_AARCH64}: ${version.split('\n')[0]}`, ...absent.map((f) => `${f}: (missing)`)].join('; ');
    throw new Error(`The linux-arm64 executable runs under qemu-aarch64-static with Debian's arm64 runtime (${found}): install them with \`${ARM64_EMULATION_INSTALL}\`. ${INSTALL_HINT}`);
  }
  return [QEMU_AARCH64, '-L', '/', executableOf(targetNamed('linux-arm64'))];
}

/** readelf or objdump from binutils: a reader of the headers written by others than executableFormat.mjs's author. */
export function binutil(name: 'readelf' | 'objdump', args: readonly string[]): string {
  const path = `/usr/bin/${name}`;
  if (!existsSync(path)) throw new Error(`${path} is missing: install binutils (\`sudo apt-get install binutils\`). ${INSTALL_HINT}`);
  const r = spawnSync(path, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error || r.status !== 0) throw new Error(`${path} ${args.join(' ')} failed: ${r.error ?? r.stderr}`);
  return r.stdout;
}
