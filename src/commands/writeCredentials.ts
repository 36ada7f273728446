// keyrack-cp write-credentials: the profile's role credentials as static keys in a section of the shared credentials
// file, for old SDKs and for containers that bind-mount ~/.aws; --keep-fresh rewrites them before each expiry.

import { setTimeout as sleepFor } from 'node:timers/promises';
import { getConfigPaths } from '../config/configPaths.ts';
import { readAwsConfig } from '../config/readAwsConfig.ts';
import { resolveSsoProfile } from '../config/resolveSsoProfile.ts';
import { profileSubject } from '../config/ssoProfile.ts';
import { writeCredentialsSection } from '../edit/writeCredentialsSection.ts';
import { whyNotOutputProfile } from '../edit/whyNotOutputProfile.ts';
import { configError } from '../errors.ts';
import { secretFileProtection } from '../platform/fileModes.ts';
import type { Platform } from '../platform/platform.ts';
import { formatAwsTimestamp } from '../token/awsTimestamp.ts';
import { defineCommand, type CommandContext } from './command.ts';
import { profileFrom } from '../cli/parseOptions.ts';
import { keepFresh } from './keepFresh.ts';

/** Per platform: how the file is protected is stated only as the platform can make it true. */
export const writeCredentialsHelp = (platform: Platform) => `Usage: keyrack-cp write-credentials [--profile NAME] [--output-profile NAME]
                                    [--keep-fresh] [--force] [--no-cache] [--debug]

Writes the sso-session profile's temporary role credentials into a section of
the shared credentials file ($AWS_SHARED_CREDENTIALS_FILE, else
~/.aws/credentials), for programs whose AWS SDK knows neither sso-session
profiles nor credential_process, and for containers that bind-mount ~/.aws:

  keyrack-cp write-credentials --profile dev        # writes [dev-legacy-sso]
  AWS_PROFILE=dev-legacy-sso old-tool ...

The section gets aws_access_key_id, aws_secret_access_key, aws_session_token,
aws_account_id and x_security_token_expires (the expiry, which the SDKs
ignore). Everything else in the file stays byte for byte as it was. The file is
written atomically under a lock, ${secretFileProtection(platform)}.

Options:
  -p, --profile NAME         the sso-session profile (default: $AWS_PROFILE, else "default")
  -o, --output-profile NAME  the section to write (default: <profile>-legacy-sso)
      --keep-fresh           stay in the foreground and rewrite the section 15
                             minutes before each expiry; stop with Ctrl-C or SIGTERM
      --force                replace long-term keys (an access key without a
                             session token) that the section already holds
      --no-cache             neither read nor write the role-credential cache
      --debug                print the decisions taken on stderr (never a secret)
  -h, --help                 show this help

It refuses to write into an SSO profile, or into a profile that gets its
credentials another way (credential_process, role_arn).
`;

export const writeCredentialsCommand = defineCommand({
  options: {
      profile: { type: 'string', short: 'p' },
      'output-profile': { type: 'string', short: 'o' },
      'keep-fresh': { type: 'boolean' },
      force: { type: 'boolean' },
      'no-cache': { type: 'boolean' },
    },
  help: (platform) => writeCredentialsHelp(platform),
  async run(ctx, args) {
    const profile = profileFrom(args.profile, ctx.env);
    const output = args['output-profile'] ?? `${profile}-legacy-sso`;
    const write = () => writeOnce(ctx, { profile, output, force: args.force === true, noCache: args['no-cache'] === true });
    if (!args['keep-fresh']) {
      await write();
      return 0;
    }
    // Installed before the first write: from here on a signal ends the loop after the step under way (each step is
    // time-bounded), never halfway through a write. `on`, not `once`: the lock library's exit hook re-raises a
    // signal it believes nobody else handles, which would turn a clean stop into a kill.
    const stop = new AbortController();
    const onSignal = (signal: NodeJS.Signals) => {
      ctx.log.debug(stop.signal.aborted ? `${signal}: already stopping` : `${signal}: stopping after the step under way`);
      stop.abort(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    try {
      const expiration = await write();
      await keepFresh(expiration, {
        rewrite: write,
        now: ctx.now,
        sleep: (ms, signal) => sleepFor(ms, true, { signal }).catch(() => false),
        signal: stop.signal,
        log: ctx.log,
        say: (line) => ctx.stdout(`${line}\n`),
      });
      ctx.stdout(`Stopped (${String(stop.signal.reason)}); [${output}] keeps the credentials last written.\n`);
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
});

interface WriteOptions {
  readonly profile: string;
  readonly output: string;
  readonly force: boolean;
  readonly noCache: boolean;
}

/** One round: check the names against the config as it is now, get the credentials, write them. Returns their expiry. */
async function writeOnce(ctx: CommandContext, options: WriteOptions): Promise<Date> {
  const config = readAwsConfig(ctx.env, ctx.home, ctx.platform);
  const sso = resolveSsoProfile(config, options.profile); // before any network call: a legacy or broken profile says so now
  const why = whyNotOutputProfile(options.output, config);
  if (why) {
    const remedy =
      options.output === options.profile
        ? `Name another section with --output-profile (the default is ${options.profile}-legacy-sso).`
        : 'Name another section with --output-profile NAME.';
    throw configError(`output profile '${options.output}'`, why, remedy);
  }
  const creds = await ctx.getCredentials(options.profile, { noCache: options.noCache });
  const file = getConfigPaths(ctx.env, ctx.home, ctx.platform).credentialsFile;
  const expires = formatAwsTimestamp(creds.expiration);
  const result = await writeCredentialsSection(
    file,
    options.output,
    { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey, sessionToken: creds.sessionToken, expiration: expires, accountId: creds.accountId },
    { force: options.force, log: ctx.log, platform: ctx.platform },
  );
  const what = `${profileSubject(options.profile)} (account ${sso.accountId}, role ${sso.roleName}), expire ${expires}`;
  ctx.stdout(
    result.action === 'unchanged'
      ? `[${options.output}] in ${result.path} already holds the credentials of ${what}.\n`
      : `${result.action === 'created' ? 'Added' : 'Updated'} [${options.output}] in ${result.path}: credentials of ${what}.\n`,
  );
  return creds.expiration;
}
