// keyrack-cp login: sign in to an sso-session (browser with PKCE, or a device code) and save the token where the
// AWS CLI and every SDK read it. One sign-in per session at a time, under the session's lock.

import { readAwsConfig } from '../config/readAwsConfig.ts';
import { sessionSubject } from '../config/ssoProfile.ts';
import { resolveSsoEndpoints } from '../sso/endpoints.ts';
import { formatAwsTimestamp } from '../token/awsTimestamp.ts';
import { withFileLock } from '../lock/withFileLock.ts';
import { getTokenCachePath } from '../token/tokenCachePath.ts';
import { readTokenFile } from '../token/tokenStore.ts';
import { chooseLoginFlow } from '../login/chooseLoginFlow.ts';
import { createLoginDeps, hasBrowser } from '../login/createDeps.ts';
import { logIn } from '../login/logIn.ts';
import { AUTO_LOGIN_LOCK_WAIT_MS, LOGIN_TIME_LIMIT_MS } from '../token/signInLimits.ts';
import { planLogin } from '../login/planLogin.ts';
import { resolveSessionTarget } from '../config/resolveSessionTarget.ts';
import type { Logger } from '../log.ts';
import type { CachedToken } from '../token/cachedToken.ts';
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
    const subject = sessionSubject(session.name);
    ctx.log.debug(`sso-session '${session.name}' (from ${target.via}): ${session.startUrl}, ${session.region}`);
    const endpoints = resolveSsoEndpoints(config, target.endpointProfile, session.region, ctx.env, subject);
    ctx.log.debug(`SSO-OIDC endpoint ${endpoints.oidc.url} (${endpoints.oidc.source})`);

    const path = getTokenCachePath(ctx.home, session.name, ctx.platform);
    const force = o.force === true;
    const before = planLogin(readToken(path, subject, ctx.log), ctx.now(), force);
    if (before.action === 'skip') return skipped(ctx, session.name, before.reason);

    const stderr = { isTerminal: process.stderr.isTTY === true, write: (text: string) => void process.stderr.write(text) };
    const choice = chooseLoginFlow({ useDeviceCode: o['use-device-code'] === true, noBrowser: o['no-browser'] === true, browser: hasBrowser(ctx.env, ctx.platform), userSeesText: true });
    if (choice.flow === 'none') throw new Error('unreachable: a user running login always sees its output');
    const deps = createLoginDeps({ home: ctx.home, platform: ctx.platform, env: ctx.env, now: ctx.now, log: ctx.log, oidcEndpoint: endpoints.oidc.url, region: session.region }, stderr);

    const onWait = () => stderr.write(`Another keyrack-cp is signing in to sso-session '${session.name}'; waiting for it (up to ${Math.round(AUTO_LOGIN_LOCK_WAIT_MS / 60_000)} minutes)…\n`);
    return withFileLock(
      path,
      subject,
      ctx.log,
      async ({ waited }) => {
        // The process we waited for may have signed in: then there is nothing left to do.
        const plan = waited ? planLogin(readToken(path, subject, ctx.log), ctx.now(), false) : before;
        if (plan.action === 'skip') return skipped(ctx, session.name, plan.reason);
        ctx.log.debug(`signing in: ${plan.reason}`);
        const done = await logIn({ session, oidcEndpoint: endpoints.oidc.url, choice }, deps);
        ctx.stdout(
          `Signed in to sso-session '${session.name}' (${session.startUrl}): token valid until ${formatAwsTimestamp(done.expiresAt)}, ` +
            (done.refreshable ? 'refreshed by keyrack-cp from then on.\n' : 'with no refresh token (sign in again when it expires).\n'),
        );
        return 0;
      },
      { waitMs: AUTO_LOGIN_LOCK_WAIT_MS, onWait },
    );
  },
});

function skipped(ctx: { stdout: (text: string) => void }, sessionName: string, reason: string): number {
  ctx.stdout(`sso-session '${sessionName}' ${reason}. Nothing to do; use --force to sign in again.\n`);
  return 0;
}

/** The current token, if any; an unreadable or broken file is "not signed in" (the sign-in rewrites it). */
function readToken(path: string, subject: string, log: Logger): CachedToken | null {
  const read = readTokenFile(path, subject, log);
  return read.ok ? read.token : null;
}
