// keyrack-cp logout: end the session at the SSO service, remove its token and the role credentials cached from it.

import { readAwsConfig } from '../config/readAwsConfig.ts';
import { logOutAll, logOutSession, type LogoutDeps, type LogoutReport } from '../logout/logOut.ts';
import { resolveSessionTarget } from '../config/resolveSessionTarget.ts';
import { configError, failure } from '../errors.ts';
import { withFileLock } from '../lock/withFileLock.ts';
import { defineCommand } from './command.ts';

export const LOGOUT_HELP = `Usage: keyrack-cp logout [--profile NAME | --sso-session NAME | --all]

Signs out of an sso-session: asks the SSO service to end the session, removes its
token from ~/.aws/sso/cache and the role credentials cached from it in ~/.aws/cli/cache.
Client registrations stay, so the next sign-in needs no new consent.

Options:
  -p, --profile NAME      sign out of this profile's sso-session (default: $AWS_PROFILE, else "default")
      --sso-session NAME  sign out of this sso-session
      --all               every token in ~/.aws/sso/cache and every SSO role credential
                          in ~/.aws/cli/cache, as \`aws sso logout\` does
      --debug             print the decisions taken on stderr (never a secret)
  -h, --help              show this help

Exit 1 if the SSO service could not be reached (the files are removed all the same).
`;

export const logoutCommand = defineCommand({
  options: {
      profile: { type: 'string', short: 'p' },
      'sso-session': { type: 'string' },
      all: { type: 'boolean' },
    },
  help: () => LOGOUT_HELP,
  async run(ctx, o) {
    if (o.all && (o.profile !== undefined || o['sso-session'] !== undefined)) {
      throw configError('usage', '--all signs out of every session; it takes no --profile or --sso-session', 'Pass --all alone, or name one session.');
    }
    const config = readAwsConfig(ctx.env, ctx.home, ctx.platform);
    const endpointProfile = ctx.env.AWS_PROFILE ?? 'default';
    const deps: LogoutDeps = {
      home: ctx.home,
      platform: ctx.platform,
      env: ctx.env,
      now: ctx.now,
      log: ctx.log,
      config,
      endpointProfile,
      logout: async (endpoint, region, accessToken) => (await import('../sso/portalCalls.ts')).logoutCall(endpoint, region, accessToken),
      withLock: withFileLock,
    };
    let report: LogoutReport;
    if (o.all) {
      report = await logOutAll(deps);
    } else {
      const target = resolveSessionTarget(config, { profile: o.profile, ssoSession: o['sso-session'] }, ctx.env);
      report = await logOutSession(target.session, { ...deps, endpointProfile: target.endpointProfile });
    }
    ctx.stdout(describeReport(report));
    const unreached = report.tokens.filter((t) => t.problem);
    if (unreached.length > 0) {
      throw failure(
        unreached.map((t) => t.label).join(', '),
        `signed out on this machine (token removed), but the SSO service could not be told to end the session: ${unreached.map((t) => t.problem).join('; ')}`,
        'Its refresh token is gone from this machine; to end it at the service too, sign in and out again once the network is back.',
      );
    }
    return 0;
  },
});

/** One line per token, one for the role credentials: what was done, readable at a glance. */
export function describeReport(report: LogoutReport): string {
  const lines = report.tokens.map((t) =>
    t.removed ? `Signed out of ${t.label}: token removed, ${t.service}.` : `Not signed in to ${t.label} (no token file).`,
  );
  if (report.tokens.length === 0) lines.push('No SSO token was cached: nothing to sign out of.');
  const n = report.roleEntriesRemoved;
  lines.push(`Removed ${n} cached role credential${n === 1 ? '' : 's'}; client registrations kept.`);
  return `${lines.join('\n')}\n`;
}
