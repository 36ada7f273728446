// keyrack-cp exec: run a command with the profile's credentials, in its environment or (--server) from an endpoint
// that renews them for as long as the command runs.

import { randomBytes } from 'node:crypto';
import { constants } from 'node:os';
import { profileFrom } from '../cli/parseOptions.ts';
import { profileRegion } from '../config/profileRegion.ts';
import { readAwsConfig } from '../config/readAwsConfig.ts';
import { resolveSsoProfile } from '../config/resolveSsoProfile.ts';
import { configError } from '../errors.ts';
import { defaultProfileShadows } from '../exec/defaultProfileShadows.ts';
import { childEnvironment, EXEC_MARKER, whyNested, type ChildCredentials } from '../exec/childEnvironment.ts';
import { runCommand } from '../exec/runCommand.ts';
import { inTerminalForeground } from '../exec/terminalForeground.ts';
import { startCredentialServer } from '../serve/credentialServer.ts';
import { DEFAULT_LISTEN } from '../serve/listenAddress.ts';
import { makeServerToken } from '../serve/serverToken.ts';
import { defineCommand, type CommandContext } from './command.ts';

export const EXEC_HELP = `Usage: keyrack-cp exec [--profile NAME] [--server] [--debug] -- COMMAND [ARG...]

Runs COMMAND with the sso-session profile's role credentials, got as
\`keyrack-cp --profile NAME\` gets them. Its stdin, stdout and stderr are yours;
keyrack-cp exits with its exit code (128 + the signal's number if a signal ended it).

  keyrack-cp exec --profile dev -- aws sts get-caller-identity
  keyrack-cp exec --profile dev --server -- terraform apply

COMMAND's environment is this one with the credential variables replaced:
AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN,
AWS_CREDENTIAL_EXPIRATION and AWS_ACCOUNT_ID are set, every other source of
credentials an SDK would try is removed (AWS_PROFILE, AWS_DEFAULT_PROFILE,
web identity, container endpoints...), AWS_REGION and AWS_DEFAULT_REGION get
the profile's region unless the environment names one, and ${EXEC_MARKER}
marks it: an exec inside COMMAND refuses (exit 2).

Those credentials stop working at AWS_CREDENTIAL_EXPIRATION. For a command that
runs longer, --server gives it an endpoint on 127.0.0.1 instead (the one
\`keyrack-cp serve\` runs, as AWS_CONTAINER_CREDENTIALS_FULL_URI and
AWS_CONTAINER_AUTHORIZATION_TOKEN), from which its SDK gets fresh ones.

Options:
  -p, --profile NAME  the sso-session profile (default: $AWS_PROFILE, else "default")
  -s, --server        serve the credentials to COMMAND from a local endpoint
      --debug         print the decisions taken on stderr (never a secret)
  -h, --help          show this help

Ctrl-C reaches COMMAND from the terminal; SIGINT sent to keyrack-cp alone,
SIGTERM and SIGHUP are passed on to it (Windows has no signals: Ctrl-C and
closing the console reach it directly). COMMAND not found: exit 127. Login
needed (3), configuration errors (2) and other failures (1) are reported
before COMMAND is started.
`;

export const execCommand = defineCommand({
  options: {
    profile: { type: 'string', short: 'p' },
    server: { type: 'boolean', short: 's' },
  },
  words: { takesWordsAfterDashes: true },
  help: () => EXEC_HELP,
  async run(ctx, args) {
    // COMMAND's environment starts from this one as it was when keyrack-cp started: the SSO calls set a variable of
    // their own in it (sso/clientOptions.ts silences the SDK's Node-version warning), which is not COMMAND's business.
    const parentEnv = { ...ctx.env };
    const nested = whyNested(parentEnv);
    if (nested) {
      throw configError('exec', nested, `Run the command directly: it has its credentials already (to nest on purpose, clear the marker first: env -u ${EXEC_MARKER} keyrack-cp exec …).`);
    }
    const command = args.afterDashes ?? [];
    if (command.length === 0) throw configError('usage', 'keyrack-cp exec needs a command to run', 'Put it after --, as in: keyrack-cp exec --profile dev -- aws sts get-caller-identity.');
    const profile = profileFrom(args.profile, ctx.env);
    const config = readAwsConfig(ctx.env, ctx.home, ctx.platform);
    resolveSsoProfile(config, profile); // a legacy or broken profile says so before anything else
    const target = { name: profile, region: profileRegion(config, profile) };

    if (!args.server) {
      const creds = await ctx.getCredentials(profile, { noCache: false });
      return launch(ctx, parentEnv, command, { kind: 'variables', creds }, target);
    }
    const shadowed = defaultProfileShadows(config);
    if (shadowed) ctx.log.warn(shadowed);
    const token = makeServerToken(randomBytes);
    ctx.log.secret(token);
    const server = await startCredentialServer(ctx, { profile, listen: DEFAULT_LISTEN, token });
    try {
      // Once before COMMAND starts: a sign-in needed is exit 3 now, not an error deep inside COMMAND's first call.
      await server.servable();
      return await launch(ctx, parentEnv, command, { kind: 'endpoint', url: server.url, token }, target);
    } finally {
      await server.close();
    }
  },
});

function launch(
  ctx: CommandContext,
  parentEnv: NodeJS.ProcessEnv,
  command: readonly string[],
  given: ChildCredentials,
  target: { name: string; region: string | null },
): Promise<number> {
  const { env, changes } = childEnvironment(parentEnv, given, target, ctx.platform);
  for (const change of changes) ctx.log.debug(`COMMAND's environment: ${change.name} ${change.action} (${change.why})`);
  return runCommand(command, env, {
    platform: ctx.platform,
    log: ctx.log,
    signalNumbers: constants.signals,
    inTerminalForeground: () => inTerminalForeground(ctx.platform),
  });
}
