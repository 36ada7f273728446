// Before vitest: the real programs the tests run must be on this machine: python3 with botocore and the AWS CLI v1
// beside it (the machine image has them), the AWS CLI v2 at /usr/bin/aws, zsh and fish (the export formats are
// evaluated by the shells they are for), binutils (a second reader of the executables' headers), and
// qemu-aarch64-static with Debian's arm64 C and C++ runtime (the linux-arm64 executable is run under emulation:
// test/targets). Installs the Debian packages that are missing when it may; otherwise exits 1 saying exactly what
// to install, because those tests fail rather than skip when a tool is missing.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ARM64_RUNTIME_FILES, ARM64_RUNTIME_PACKAGES, QEMU_AARCH64, QEMU_PACKAGE } from './lib/arm64Emulation.mjs';

const AWS_CLI_V2 = '/usr/bin/aws';
const APT_GET = '/usr/bin/apt-get';
const DPKG = '/usr/bin/dpkg';
const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
/**
 * What apt-get says when it has no package lists yet (a fresh container), or none for an architecture just added:
 * the one failure `apt-get update` fixes.
 */
const NO_LISTS = /Unable to locate package|has no installation candidate/;

function run(command, args, env = process.env) {
  const r = spawnSync(command, args, { encoding: 'utf8', env, timeout: 15 * 60_000 });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.trim() };
}

function versionOf(path, args = ['--version']) {
  if (!existsSync(path)) return '(missing)';
  const r = run(path, args);
  return r.ok ? r.output.split('\n')[0] : `(does not run: ${r.output.split('\n')[0]})`;
}

/** The command prefix that runs apt-get as root, or why there is none. */
function asRoot() {
  if (process.getuid?.() === 0) return { prefix: [] };
  if (existsSync('/usr/bin/sudo') && run('/usr/bin/sudo', ['-n', 'true']).ok) return { prefix: ['/usr/bin/sudo', '-n', 'env', 'DEBIAN_FRONTEND=noninteractive'] };
  return { why: 'not root, and sudo is absent or asks for a password' };
}

function aptGet(prefix, args) {
  const [command, ...rest] = [...prefix, APT_GET, ...args];
  return run(command, rest, APT_ENV);
}

/**
 * Adds the foreign architectures the packages name (`libc6:arm64`), as Debian's multiarch asks before their lists
 * can be fetched; returns why it could not, or undefined. Adding one already there is skipped: it is a no-op anyway,
 * and a machine already set up must not need root.
 */
function addArchitectures(prefix, packages) {
  const wanted = [...new Set(packages.map((p) => p.split(':')[1]).filter(Boolean))];
  const have = run(DPKG, ['--print-foreign-architectures']).output.split('\n');
  for (const arch of wanted.filter((a) => !have.includes(a))) {
    const [command, ...rest] = [...prefix, DPKG, '--add-architecture', arch];
    const r = run(command, rest);
    if (!r.ok) return `dpkg --add-architecture ${arch} failed:\n${r.output}`;
  }
  return undefined;
}

/** Installs Debian packages in one apt-get call; returns why it could not, or undefined. */
function installDebianPackages(packages) {
  if (!existsSync(APT_GET)) return 'this machine has no apt-get';
  const root = asRoot();
  if (!root.prefix) return root.why;
  const arch = addArchitectures(root.prefix, packages);
  if (arch) return arch;
  process.stderr.write(`ensure-test-tools: installing ${packages.join(', ')} with apt-get…\n`);
  const install = ['install', '-y', '--no-install-recommends', ...packages];
  let r = aptGet(root.prefix, install);
  if (!r.ok && NO_LISTS.test(r.output)) {
    const update = aptGet(root.prefix, ['update']);
    if (!update.ok) return `apt-get update failed:\n${update.output}`;
    r = aptGet(root.prefix, install);
  }
  return r.ok ? undefined : `apt-get install ${packages.join(' ')} failed:\n${r.output}`;
}

/** A tool found by running `path --version`: present when its first line starts with `prefix`. */
const versionedTool = (pkg, path, prefix, want) => ({
  packages: [pkg],
  want,
  install: `sudo apt-get install ${pkg}`,
  probe() {
    const version = versionOf(path, ['--version']);
    return version.startsWith(prefix) ? { found: `${pkg} ${/\d+\.\d+(\.\d+)?/.exec(version)?.[0] ?? version}` } : { seen: version };
  },
});

/** The Debian packages the tests need: how to tell each is there, and what to say when it is not. */
const DEBIAN_TOOLS = [
  versionedTool('awscli', AWS_CLI_V2, 'aws-cli/2.', `the AWS CLI v2 at ${AWS_CLI_V2} (Debian 12's awscli is 2.9.19)`),
  versionedTool('zsh', '/usr/bin/zsh', 'zsh ', 'zsh at /usr/bin/zsh'),
  versionedTool('fish', '/usr/bin/fish', 'fish', 'fish at /usr/bin/fish'),
  // A second reader of the executables' headers beside scripts/lib/executableFormat.mjs (test/targets).
  versionedTool('binutils', '/usr/bin/readelf', 'GNU readelf', 'readelf and objdump (binutils) at /usr/bin/readelf'),
  versionedTool(QEMU_PACKAGE, QEMU_AARCH64, 'qemu-aarch64 version', `qemu-aarch64-static at ${QEMU_AARCH64}`),
  {
    // Libraries, not programs: there is nothing of theirs to run on this host without qemu, so their files are checked.
    packages: ARM64_RUNTIME_PACKAGES,
    want: "Debian's arm64 runtime libraries",
    install: `sudo dpkg --add-architecture arm64 && sudo apt-get update && sudo apt-get install ${ARM64_RUNTIME_PACKAGES.join(' ')}`,
    probe() {
      const absent = ARM64_RUNTIME_FILES.filter((f) => !existsSync(f));
      return absent.length === 0 ? { found: 'arm64 libc6, libstdc++6, libgcc-s1' } : { seen: `no ${absent.join(', ')}` };
    },
  },
];

const problems = [];
const found = [];

const python = run('python3', ['-c', 'import sys, botocore; print(sys.executable); print(botocore.__version__)']);
if (!python.ok) {
  problems.push(`python3 with botocore: \`python3 -m pip install botocore\` (python3 said: ${python.output.split('\n').at(-1)})`);
} else {
  const [executable, botocoreVersion] = python.output.split('\n');
  found.push(`botocore ${botocoreVersion}`);
  const v1 = join(dirname(executable), 'aws');
  const v1Version = versionOf(v1);
  if (v1Version.startsWith('aws-cli/1.')) found.push(v1Version.split(' ')[0]);
  else problems.push(`the AWS CLI v1 at ${v1}, beside python3 (found ${v1Version}): \`${executable} -m pip install awscli\``);
}

const missing = DEBIAN_TOOLS.filter((tool) => !tool.probe().found);
const why = missing.length > 0 ? installDebianPackages(missing.flatMap((tool) => tool.packages)) : undefined;
for (const tool of DEBIAN_TOOLS) {
  const { found: label, seen } = tool.probe();
  if (label) found.push(label);
  else problems.push(`${tool.want}, found ${seen}: \`${tool.install}\`${why ? `; not installed here: ${why}` : ''}`);
}

if (problems.length > 0) {
  process.stderr.write(`ensure-test-tools: the end-to-end tests run real AWS consumers, and the linux-arm64 executable under qemu; install:\n${problems.map((p) => `  - ${p}\n`).join('')}`);
  process.exit(1);
}
process.stdout.write(`ensure-test-tools: ${found.join(', ')}\n`);
