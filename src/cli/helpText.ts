// The --help text (snapshot-tested).

import { COMMANDS } from '../commands/table.ts';

const USAGE = `keyrack-cp: AWS credential_process helper for IAM Identity Center (SSO) sso-session profiles.

Usage:
  keyrack-cp [--profile NAME] [--auto-login] [--debug]

In ~/.aws/config:
  [profile app]
  credential_process = keyrack-cp --profile NAME

Prints one credential_process JSON document on stdout. Role credentials are
cached in ~/.aws/cli/cache (shared with the AWS CLI) while they have more than
15 minutes left; otherwise they are fetched with the SSO token that
\`keyrack-cp login\` (or \`aws sso login\`) cached in ~/.aws/sso/cache (refreshed
under a lock when it is within 15 minutes of expiry).

%COMMANDS%Options:
  -p, --profile NAME  the sso-session profile (default: $AWS_PROFILE, else "default")
      --no-cache      neither read nor write the role-credential cache
      --auto-login    sign in when the session needs it: one process per session,
                      the prompt on the terminal (or KEYRACK_CP_AUTO_LOGIN=1)
      --debug         print the decisions taken on stderr (never a secret)
  -h, --help          show this help
  -V, --version       show the version

Exit codes:
  0  credentials printed
  1  network, service or file-system failure
  2  configuration or usage error (legacy SSO profiles included)
  3  login needed: run the \`keyrack-cp login --sso-session NAME\` the message names

Environment: AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE, AWS_PROFILE,
AWS_ENDPOINT_URL_SSO, AWS_ENDPOINT_URL_SSO_OIDC, AWS_ENDPOINT_URL,
KEYRACK_CP_AUTO_LOGIN, BROWSER.
`;

/** The usage, with every subcommand of the command table. */
export function helpText(): string {
  const names = Object.keys(COMMANDS) as (keyof typeof COMMANDS)[];
  const width = Math.max(...names.map((n) => n.length));
  const commands = `Commands (keyrack-cp COMMAND --help for each):\n${names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n].summary}`).join('\n')}\n\n`;
  return USAGE.replace('%COMMANDS%', commands);
}
