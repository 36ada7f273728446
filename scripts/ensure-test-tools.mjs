// Before vitest: the real consumers the end-to-end tests run must be on this machine (python3 with botocore, the AWS
// CLI v1 beside it, the AWS CLI v2 at /usr/bin/aws). Installs Debian's awscli (the CLI v2) when it may; otherwise
// exits 1 saying exactly what to install, because those tests fail rather than skip when a tool is missing.

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

function versionOf(path) {
  if (!existsSync(path)) return '(missing)';
  const r = run(path, ['--version']);
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

/** Installs Debian's awscli package; returns why it could not, or undefined. */
function installAwsCliV2() {
  if (!existsSync(APT_GET)) return 'this machine has no apt-get';
  const root = asRoot();
  if (!root.prefix) return root.why;
  process.stderr.write(`ensure-test-tools: installing Debian's awscli (the AWS CLI v2) with apt-get…\n`);
  const install = ['install', '-y', '--no-install-recommends', 'awscli'];
  let r = aptGet(root.prefix, install);
  if (!r.ok && NO_LISTS.test(r.output)) {
    const update = aptGet(root.prefix, ['update']);
    if (!update.ok) return `apt-get update failed:\n${update.output}`;
    r = aptGet(root.prefix, install);
  }
  return r.ok ? undefined : `apt-get install awscli failed:\n${r.output}`;
}

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

let v2Version = versionOf(AWS_CLI_V2);
if (!v2Version.startsWith('aws-cli/2.')) {
  const why = installAwsCliV2();
  v2Version = versionOf(AWS_CLI_V2);
  if (!v2Version.startsWith('aws-cli/2.')) {
    problems.push(`the AWS CLI v2 at ${AWS_CLI_V2} (found ${v2Version}): \`sudo apt-get install awscli\` on Debian 12 or later`
      + ` (Debian 12's awscli is 2.9.19)${why ? `; not installed here: ${why}` : '; apt-get installed a package that is not the v2'}`);
  }
}
if (v2Version.startsWith('aws-cli/2.')) found.push(v2Version.split(' ')[0]);

if (problems.length > 0) {
  process.stderr.write(`ensure-test-tools: the end-to-end tests run real AWS consumers; install:\n${problems.map((p) => `  - ${p}\n`).join('')}`);
  process.exit(1);
}
process.stdout.write(`ensure-test-tools: ${found.join(', ')}\n`);
