// keyrack-cp status: every sso-session (signed in or not, time left, refreshable) and every profile (usable,
// legacy with its fix, misconfigured with the reason), at a glance or as JSON.

import { readAwsConfig } from '../config/readAwsConfig.ts';
import { configError, EXIT_CONFIG, EXIT_LOGIN, EXIT_OK } from '../errors.ts';
import { formatStatusJson, formatStatusText } from '../status/formatStatus.ts';
import { readStatus, type StatusReport } from '../status/readStatus.ts';
import { isReady } from '../status/sessionStatus.ts';
import { defineCommand } from './command.ts';

export const STATUS_HELP = `Usage: keyrack-cp status [--profile NAME] [--json]

Shows every sso-session (signed in or not, time left, refreshable) and every profile
(usable, legacy with its fix, or misconfigured with the reason). Nothing is changed
and no network call is made.

Options:
  -p, --profile NAME  only this profile and its sso-session
      --json          the same as JSON
      --debug         print the decisions taken on stderr (never a secret)
  -h, --help          show this help

With --profile the exit code says whether that profile can get credentials now:
0 ready, 3 a sign-in is needed, 2 the profile is not usable as configured.
`;

export const statusCommand = defineCommand({
  options: { profile: { type: 'string', short: 'p' }, json: { type: 'boolean' } },
  help: () => STATUS_HELP,
  async run(ctx, o) {
    const config = readAwsConfig(ctx.env, ctx.home, ctx.platform);
    if (o.profile !== undefined && !config.profiles.has(o.profile)) {
      throw configError(`profile '${o.profile}'`, `is not defined in ${config.configFile}`, 'Run keyrack-cp status without --profile to list the profiles.');
    }
    const report = readStatus(config, ctx.home, ctx.platform, ctx.now(), ctx.log, o.profile);
    ctx.stdout(o.json ? formatStatusJson(report) : formatStatusText(report));
    return o.profile !== undefined ? profileExitCode(report) : EXIT_OK;
  },
});

/** For scripts: `keyrack-cp status -p dev || keyrack-cp login -p dev`. */
export function profileExitCode(report: StatusReport): number {
  const profile = report.profiles[0];
  if (profile?.kind !== 'usable') return EXIT_CONFIG;
  const session = report.sessions.find((s) => s.name === profile.session);
  if (!session || session.kind !== 'valid') return EXIT_CONFIG;
  return isReady(session.token) ? EXIT_OK : EXIT_LOGIN;
}
