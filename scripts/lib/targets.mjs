// The executables keyrack-cp ships, one row each, and which of them is the build host's own. Everything that
// differs by target (Bun's name for it, the npm package of its runtime, the file name, the file format) is here.

/**
 * @typedef {object} Target
 * @property {string} name        keyrack-cp's name: dist/keyrack-cp-<name>[.exe]
 * @property {'linux'|'darwin'|'win32'} os   as Node's process.platform says it
 * @property {'x64'|'arm64'} cpu  as Node's process.arch says it
 * @property {'glibc'|'musl'|null} libc
 * @property {string} bunTarget   bun build --target
 * @property {string} runtimePackage  the npm package holding that target's Bun runtime (bun's optionalDependencies)
 * @property {'elf'|'macho'|'pe'} format
 * @property {string} machine     ELF e_machine / Mach-O CPU / PE machine, by name
 * @property {string|null} interpreter  the ELF program interpreter the file must ask for
 */

/** @type {readonly Target[]} */
export const TARGETS = [
  { name: 'linux-x64', os: 'linux', cpu: 'x64', libc: 'glibc', bunTarget: 'bun-linux-x64', runtimePackage: '@oven/bun-linux-x64', format: 'elf', machine: 'x86-64', interpreter: '/lib64/ld-linux-x86-64.so.2' },
  { name: 'linux-arm64', os: 'linux', cpu: 'arm64', libc: 'glibc', bunTarget: 'bun-linux-arm64', runtimePackage: '@oven/bun-linux-aarch64', format: 'elf', machine: 'aarch64', interpreter: '/lib/ld-linux-aarch64.so.1' },
  { name: 'linux-x64-musl', os: 'linux', cpu: 'x64', libc: 'musl', bunTarget: 'bun-linux-x64-musl', runtimePackage: '@oven/bun-linux-x64-musl', format: 'elf', machine: 'x86-64', interpreter: '/lib/ld-musl-x86_64.so.1' },
  { name: 'linux-arm64-musl', os: 'linux', cpu: 'arm64', libc: 'musl', bunTarget: 'bun-linux-arm64-musl', runtimePackage: '@oven/bun-linux-aarch64-musl', format: 'elf', machine: 'aarch64', interpreter: '/lib/ld-musl-aarch64.so.1' },
  { name: 'darwin-x64', os: 'darwin', cpu: 'x64', libc: null, bunTarget: 'bun-darwin-x64', runtimePackage: '@oven/bun-darwin-x64', format: 'macho', machine: 'x64', interpreter: null },
  { name: 'darwin-arm64', os: 'darwin', cpu: 'arm64', libc: null, bunTarget: 'bun-darwin-arm64', runtimePackage: '@oven/bun-darwin-aarch64', format: 'macho', machine: 'arm64', interpreter: null },
  { name: 'windows-x64', os: 'win32', cpu: 'x64', libc: null, bunTarget: 'bun-windows-x64', runtimePackage: '@oven/bun-windows-x64', format: 'pe', machine: 'x64', interpreter: null },
];

/** The npm platform triples every install must work on (`npm ci && npm run demo`): the README's first command. */
export const INSTALL_PLATFORMS = [
  { os: 'darwin', cpu: 'arm64' },
  { os: 'darwin', cpu: 'x64' },
  { os: 'linux', cpu: 'arm64' },
  { os: 'linux', cpu: 'x64' },
  { os: 'win32', cpu: 'x64' },
];

/** dist/keyrack-cp-<name>, with .exe for Windows. */
export const executableName = (target) => `keyrack-cp-${target.name}${target.os === 'win32' ? '.exe' : ''}`;

/** The host's own executable: dist/keyrack-cp, or dist/keyrack-cp.exe on Windows. */
export const hostExecutableName = (platform) => (platform === 'win32' ? 'keyrack-cp.exe' : 'keyrack-cp');

/**
 * The target this machine builds for itself and runs, from what Node reports (passed in, so every platform's
 * answer is a unit test). `libc` is null off Linux; on Linux, Node's report has glibcVersionRuntime only on glibc.
 * @param {{ platform: string, arch: string, libc: 'glibc'|'musl'|null }} host
 * @returns {{ target: Target } | { target: null, reason: string }}
 */
export function hostTarget(host) {
  const target = TARGETS.find((t) => t.os === host.platform && t.cpu === host.arch && (t.libc === null || t.libc === host.libc));
  if (target) return { target };
  return {
    target: null,
    reason: `keyrack-cp ships no executable for ${host.platform}-${host.arch}${host.libc ? ` (${host.libc})` : ''}; it ships ${TARGETS.map((t) => t.name).join(', ')}. dist/keyrack-cp.cjs runs on Node >= 20 anywhere`,
  };
}

/**
 * The targets a `--target` list names, or the reason it is refused (an unknown name lists the supported ones).
 * @param {readonly string[]} names
 * @returns {{ targets: Target[] } | { targets: null, reason: string }}
 */
export function selectTargets(names) {
  const unknown = names.filter((n) => !TARGETS.some((t) => t.name === n));
  if (unknown.length > 0) {
    return { targets: null, reason: `unknown target${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')}: the supported targets are ${TARGETS.map((t) => t.name).join(', ')}` };
  }
  return { targets: TARGETS.filter((t) => names.includes(t.name)) };
}

/** Node's own answer to "glibc or musl?" (what detect-libc reads first): the report header names glibc's version. */
export function hostLibc(platform, report) {
  if (platform !== 'linux') return null;
  return report?.header?.glibcVersionRuntime ? 'glibc' : 'musl';
}
