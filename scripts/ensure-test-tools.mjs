// Before vitest: the real programs the tests run must be on this machine: python3 with botocore and the AWS CLI v1
// beside it (the machine image has them), the AWS CLI v2 at /usr/bin/aws, and zsh and fish (the export formats are
// evaluated by the shells they are for). Installs the Debian packages that are missing when it may; otherwise exits 1
// saying exactly what to install, because those tests fail rather than skip when a tool is missing.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

const AWS_CLI_V2 = '/usr/bin/aws';
const APT_GET = '/usr/bin/apt-get';
const APT_ENV = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
/** What apt-get says when it has no package lists yet (a fresh container): the one failure `apt-get update` fixes. */
const NO_LISTS = /Unable to locate package awscli|has no installation candidate/;

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

/** Installs Debian packages in one apt-get call; returns why it could not, or undefined. */
function installDebianPackages(packages) {
  if (!existsSync(APT_GET)) return 'this machine has no apt-get';
  const root = asRoot();
  if (!root.prefix) return root.why;
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

/** The Debian packages the tests need: how to tell each is there, and what to say when it is not. */
const DEBIAN_TOOLS = [
  { pkg: 'awscli', path: AWS_CLI_V2, ok: (v) => v.startsWith('aws-cli/2.'), want: `the AWS CLI v2 at ${AWS_CLI_V2} (Debian 12's awscli is 2.9.19)`, args: ['--version'] },
  { pkg: 'zsh', path: '/usr/bin/zsh', ok: (v) => v.startsWith('zsh '), want: 'zsh at /usr/bin/zsh', args: ['--version'] },
  { pkg: 'fish', path: '/usr/bin/fish', ok: (v) => v.startsWith('fish'), want: 'fish at /usr/bin/fish', args: ['--version'] },
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

const present = (tool) => tool.ok(versionOf(tool.path, tool.args));
const missing = DEBIAN_TOOLS.filter((tool) => !present(tool));
const why = missing.length > 0 ? installDebianPackages(missing.map((tool) => tool.pkg)) : undefined;
for (const tool of DEBIAN_TOOLS) {
  const version = versionOf(tool.path, tool.args);
  if (tool.ok(version)) found.push(`${tool.pkg} ${/\d+\.\d+(\.\d+)?/.exec(version)?.[0] ?? version}`);
  else problems.push(`${tool.want}, found ${version}: \`sudo apt-get install ${tool.pkg}\`${why ? `; not installed here: ${why}` : ''}`);
}

if (problems.length > 0) {
  process.stderr.write(`ensure-test-tools: the end-to-end tests run real AWS consumers; install:\n${problems.map((p) => `  - ${p}\n`).join('')}`);
  process.exit(1);
}
process.stdout.write(`ensure-test-tools: ${found.join(', ')}\n`);
