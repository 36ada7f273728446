// keyrack-cp console: the AWS console in the browser, signed in as the profile's role: its role credentials (the
// usual way: cache, refresh, lock) exchanged at the partition's federation endpoint for a sign-in link.

import { profileFrom } from '../cli/parseOptions.ts';
import { readAwsConfig } from '../config/readAwsConfig.ts';
import { isRegionName, resolveSsoProfile } from '../config/resolveSsoProfile.ts';
import { profileSubject } from '../config/ssoProfile.ts';
import { FEDERATION_ENDPOINT_VARIABLE, resolveConsoleEndpoints, resolveDestination } from '../console/consoleEndpoints.ts';
import { getSigninToken } from '../console/getSigninToken.ts';
import { loginUrl } from '../console/signinUrl.ts';
import { configError, failure } from '../errors.ts';
import { browserCommands } from '../login/browserCommands.ts';
import { openBrowser } from '../login/openBrowser.ts';
import { defineCommand } from './command.ts';

export const CONSOLE_HELP = `Usage: keyrack-cp console [--profile NAME] [--print] [--destination URL]

Opens the AWS console in your browser, signed in as the sso-session profile's
role: its role credentials are exchanged at the AWS federation endpoint of the
profile's partition (aws, aws-us-gov, aws-cn) for a sign-in link.

  keyrack-cp console --profile prod.Admin
  keyrack-cp console --profile prod.Admin --destination /s3/home

Options:
  -p, --profile NAME      the sso-session profile (default: $AWS_PROFILE, else "default")
      --destination URL   the console page to open: an https URL, or a path such as
                          /s3/home (default: the console home of the profile's region,
                          its region key, else its sso-session's sso_region)
      --print             print the sign-in link instead of opening a browser
      --debug             print the decisions taken on stderr (never a secret)
  -h, --help              show this help

The link signs in whoever opens it for 15 minutes: --print it only where no one
else reads it. It is never in --debug output. ${FEDERATION_ENDPOINT_VARIABLE}
points the federation calls elsewhere (https, or http to this machine only).
`;

export const consoleCommand = defineCommand({
  options: {
    profile: { type: 'string', short: 'p' },
    destination: { type: 'string' },
    print: { type: 'boolean' },
  },
  help: () => CONSOLE_HELP,
  async run(ctx, o) {
    const name = profileFrom(o.profile, ctx.env);
    const subject = profileSubject(name);
    // Everything that can be refused without the network is, first.
    const config = readAwsConfig(ctx.env, ctx.home, ctx.platform);
    const profile = resolveSsoProfile(config, name);
    const own = config.profiles.get(name)!.get('region');
    const region = typeof own === 'string' && own !== '' ? own : profile.session.region;
    if (!isRegionName(region)) {
      throw configError(subject, `region '${region}' is not an AWS region name`, 'Fix the profile\'s region key (config values take no inline comments).');
    }
    const endpoints = resolveConsoleEndpoints(region, ctx.env, subject);
    const destination = resolveDestination(o.destination, endpoints, region);
    const browser = browserCommands('about:blank', ctx.env, ctx.platform);
    if (!o.print && browser.commands.length === 0) {
      throw configError('usage', browser.why, 'Run keyrack-cp console --print to get the sign-in link instead (it signs in whoever opens it).');
    }
    ctx.log.debug(`console of ${endpoints.partition} in ${region}, sign-in at ${endpoints.federation.url} (${endpoints.federation.source})`);

    const creds = await ctx.getCredentials(name, { noCache: false });
    const token = await getSigninToken(endpoints.federation, creds, subject, ctx.log);
    const url = loginUrl(endpoints.federation.url, profile.session.startUrl, destination, token);
    ctx.log.secret(url); // a bearer link: scrubbed from anything the logger writes
    if (o.print) {
      ctx.stdout(`${url}\n`);
      return 0;
    }
    if (!(await openBrowser(browserCommands(url, ctx.env, ctx.platform).commands, ctx.log))) {
      throw failure(subject, `no browser could be opened (${browser.why})`, 'Run keyrack-cp console --print to get the sign-in link instead.');
    }
    ctx.stdout(`Opened the AWS console in your browser as ${subject}: account ${profile.accountId}, role ${profile.roleName}, ${region}.\n`);
    return 0;
  },
});
