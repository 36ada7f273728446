// keyrack-cp serve: the profile's role credentials from a container-credentials endpoint (what ECS and EKS give a
// task), for programs and containers that run longer than one set of credentials lasts.

import { randomBytes } from 'node:crypto';
import { profileFrom } from '../cli/parseOptions.ts';
import { readAwsConfig } from '../config/readAwsConfig.ts';
import { resolveSsoProfile } from '../config/resolveSsoProfile.ts';
import { profileSubject } from '../config/ssoProfile.ts';
import { configError } from '../errors.ts';
import { formatVariables, isVariableFormat, VARIABLE_FORMATS } from '../output/formatExport.ts';
import { startCredentialServer } from '../serve/credentialServer.ts';
import { DEFAULT_LISTEN, exposureWarning, parseListenAddress } from '../serve/listenAddress.ts';
import { makeServerToken } from '../serve/serverToken.ts';
import { untilStopSignal } from '../serve/stopSignal.ts';
import { readOrCreateTokenFile } from '../serve/tokenFile.ts';
import { defineCommand } from './command.ts';

export const SERVE_HELP = `Usage: keyrack-cp serve [--profile NAME] [--listen ADDRESS:PORT] [--token-file FILE]
                        [--format FORMAT] [--debug]

Serves the sso-session profile's role credentials over HTTP, in the format every
AWS SDK reads from AWS_CONTAINER_CREDENTIALS_FULL_URI (the endpoint ECS and EKS
give a container), renewed before they expire, for programs and containers that
run for hours. Once listening it prints the two variables to give them, and
serves until Ctrl-C or SIGTERM:

  $ keyrack-cp serve --profile dev
  export AWS_CONTAINER_CREDENTIALS_FULL_URI=http://127.0.0.1:41923/credentials
  export AWS_CONTAINER_AUTHORIZATION_TOKEN=3q2-7wAbN…

Every request must carry that token in its Authorization header (the SDKs send
AWS_CONTAINER_AUTHORIZATION_TOKEN, or the content of the file named by
AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE). Credentials are got as
\`keyrack-cp --profile NAME\` gets them (the role-credential cache, the token
refreshed under the session's lock, one call however many clients ask at once)
and never handed out with 15 minutes or less left. A failure (sign-in needed,
the service down) is answered with keyrack-cp's one-paragraph message, which
the SDK shows, and said once on stderr; the server keeps running, so signing in
again is enough.

Options:
  -p, --profile NAME         the sso-session profile (default: $AWS_PROFILE, else "default")
  -l, --listen ADDRESS:PORT  where to listen (default: 127.0.0.1, a free port); any
                             address that is not loopback gets a warning
  -t, --token-file FILE      the token is FILE's content; if FILE does not exist, a
                             new token is written there (for a container to read)
  -f, --format FORMAT        the two lines as env (the default), env-no-export,
                             powershell, windows-cmd or fish (those of export)
      --debug                print the decisions taken on stderr (never a secret)
  -h, --help                 show this help

From a container on Linux, run it with the host's network; the README says why
host.docker.internal over plain http does not work, and what to do instead.
`;

export const serveCommand = defineCommand({
  options: {
    profile: { type: 'string', short: 'p' },
    listen: { type: 'string', short: 'l' },
    'token-file': { type: 'string', short: 't' },
    format: { type: 'string', short: 'f' },
  },
  help: () => SERVE_HELP,
  async run(ctx, args) {
    const profile = profileFrom(args.profile, ctx.env);
    const format = args.format ?? 'env';
    if (!isVariableFormat(format)) throw configError('usage', `unknown format '${format}'`, `Use one of: ${VARIABLE_FORMATS.join(', ')}.`);
    const listen = args.listen === undefined ? DEFAULT_LISTEN : parseListenAddress(args.listen);
    // Before anything listens: a server for a profile that cannot work as configured would only ever answer errors.
    resolveSsoProfile(readAwsConfig(ctx.env, ctx.home, ctx.platform), profile);
    if (!listen.loopback) ctx.log.warn(exposureWarning(listen, profileSubject(profile)));
    const makeToken = () => makeServerToken(randomBytes);
    const token = args['token-file'] === undefined ? makeToken() : readOrCreateTokenFile(args['token-file'], makeToken, ctx.platform).token;
    ctx.log.secret(token);

    // Taken before listening: from the first request on, a signal stops the server cleanly, never halfway.
    const stop = untilStopSignal(ctx.log);
    try {
      const server = await startCredentialServer(ctx, { profile, listen, token });
      try {
        ctx.stdout(formatVariables([['AWS_CONTAINER_CREDENTIALS_FULL_URI', server.url], ['AWS_CONTAINER_AUTHORIZATION_TOKEN', token]], format));
        // The remedy (not signed in...) is said now rather than at the first client's request; the server runs either way.
        void server.check();
        await stop.signalled;
      } finally {
        await server.close();
      }
    } finally {
      stop.release();
    }
    return 0;
  },
});
