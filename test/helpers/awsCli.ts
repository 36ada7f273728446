// The two AWS CLIs the consumer tests run, found the way scripts/ensure-test-tools.mjs installs and checks them, and
// an AWS_DATA_PATH that sends the CLI v2's SSO, SSO-OIDC and STS clients to the emulator.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { INSTALL_HINT } from './installHint.ts';
import { pythonExecutable } from './python.ts';

/** Where Debian's `awscli` package (the AWS CLI v2) puts it; a plain `aws` on PATH is the CLI v1 here. */
export const AWS_CLI_V2 = '/usr/bin/aws';

function versionOf(path: string): string {
  try {
    return execFileSync(path, ['--version'], { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: tmpdir() }, timeout: 30_000 }).trim();
  } catch (err) {
    return `(failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)})`;
  }
}

/** The AWS CLI v1 that pip installs beside the python3 on PATH (the one with botocore); its version line. */
export function awsCliV1(): { path: string; version: string } {
  const path = join(dirname(pythonExecutable()), 'aws');
  const version = existsSync(path) ? versionOf(path) : '(missing)';
  if (!version.startsWith('aws-cli/1.')) {
    throw new Error(`The AWS CLI v1 is needed at ${path} (beside ${pythonExecutable()}), found ${version}: install it with \`${pythonExecutable()} -m pip install awscli\`. ${INSTALL_HINT}`);
  }
  return { path, version };
}

export function awsCliV2(): { path: string; version: string } {
  const version = existsSync(AWS_CLI_V2) ? versionOf(AWS_CLI_V2) : '(missing)';
  if (!version.startsWith('aws-cli/2.')) {
    throw new Error(`The AWS CLI v2 is needed at ${AWS_CLI_V2}, found ${version}: install Debian's awscli package (\`apt-get install awscli\`). ${INSTALL_HINT}`);
  }
  return { path: AWS_CLI_V2, version };
}

const SERVICE_MODELS = ['sso/2019-06-10', 'sso-oidc/2019-06-10', 'sts/2011-06-15'];

/**
 * Debian's CLI v2 (2.9.19) predates AWS_ENDPOINT_URL_<SERVICE>, but it loads each service's endpoint rules from
 * AWS_DATA_PATH before its own: a rule set whose one rule is the emulator's URL points that client there, and only
 * where to connect changes (the request, its signing and the CLI's own code are untouched).
 */
export function awsDataPathFor(url: string): string {
  const root = mkdtempSync(join(tmpdir(), 'krcp-aws-data-'));
  for (const model of SERVICE_MODELS) {
    mkdirSync(join(root, model), { recursive: true });
    const ruleSet = { version: '1.0', parameters: {}, rules: [{ conditions: [], endpoint: { url }, type: 'endpoint' }] };
    writeFileSync(join(root, model, 'endpoint-rule-set-1.json'), JSON.stringify(ruleSet));
  }
  return root;
}
