// keyrack-cp login: sign in to an sso-session (browser with PKCE, or a device code) and save the token where the
// AWS CLI and every SDK read it. One sign-in per session at a time, under the session's lock (login/signIn.ts).

import { readAwsConfig } from '../config/readAwsConfig.ts';
import { resolveSessionTarget } from '../config/resolveSessionTarget.ts';
import { sessionSubject } from '../config/ssoProfile.ts';
import { signIn } from '../login/signIn.ts';
import { resolveSsoEndpoints } from '../sso/endpoints.ts';
import { formatAwsTimestamp } from '../token/awsTimestamp.ts';
import { LOGIN_TIME_LIMIT_MS } from '../token/signInLimits.ts';
import { defineCommand } from './command.ts';

export const LOGIN_HELP = `Usage: keyrack-cp login [--profile NAME | --sso-session NAME] [--use-device-code] [--no-browser] [--force]

Signs in to an IAM Identity Center sso-session and saves the token in ~/.aws/sso/cache,
where the AWS CLI and every SDK read it. keyrack-cp refreshes it from then on.

Options:
  -p, --profile NAME      sign in to this profile's sso-session (default: $AWS_PROFILE, else "default")
      --sso-session NAME  sign in to this sso-session
      --use-device-code   sign in with a code, on any device, instead of a browser on this machine
      --no-browser        print the sign-in URL instead of opening a browser
      --force             sign in even if the session is valid for more than an hour
      --debug             print the decisions taken on stderr (never a secret)
  -h, --help              show this help

A browser is opened when one can be ($BROWSER; else xdg-open with $DISPLAY or
$WAYLAND_DISPLAY, open on macOS, the default browser on Windows, except over SSH
on those two); otherwise a device code is shown. The sign-in waits at most
${LOGIN_TIME_LIMIT_MS / 60_000} minutes. Exit 3 if it is denied, expires or is not completed in time.
`;

export const loginCommand = defineCommand({
  options: {
      profile: { type: 'string', short: 'p' },
      'sso-session': { type: 'string' },
      'use-device-code': { type: 'boolean' },
      'no-browser': { type: 'boolean' },
      force: { type: 'boolean' },
    },
  help: () => LOGIN_HELP,
  async run(ctx, o) {
    const config = readAwsConfig(ctx.env, ctx.home, ctx.platform);
    const target = resolveSessionTarget(config, { profile: o.profile, ssoSession: o['sso-session'] }, ctx.env);
    const { session } = target;
    ctx.log.debug(`sso-session '${session.name}' (from ${target.via}): ${session.startUrl}, ${session.region}`);
    const endpoints = resolveSsoEndpoints(config, target.endpointProfile, session.region, ctx.env, sessionSubject(session.name));
    ctx.log.debug(`SSO-OIDC endpoint ${endpoints.oidc.url} (${endpoints.oidc.source})`);

    const out = { isTerminal: process.stderr.isTTY === true, write: (text: string) => void process.stderr.write(text) };
    const request = { session, oidcEndpoint: endpoints.oidc.url, force: o.force === true, useDeviceCode: o['use-device-code'] === true, noBrowser: o['no-browser'] === true };
    const outcome = await signIn(request, { home: ctx.home, platform: ctx.platform, env: ctx.env, now: ctx.now, log: ctx.log, out });
    if (outcome.kind === 'skipped') {
      ctx.stdout(`sso-session '${session.name}' ${outcome.reason}. Nothing to do; use --force to sign in again.\n`);
      return 0;
    }
    const { done } = outcome;
    ctx.stdout(
      `Signed in to sso-session '${session.name}' (${session.startUrl}): token valid until ${formatAwsTimestamp(done.expiresAt)}, ` +
        (done.refreshable ? 'refreshed by keyrack-cp from then on.\n' : 'with no refresh token (sign in again when it expires).\n'),
    );
    return 0;
  },
});
