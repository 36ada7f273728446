// The device code sign-in (RFC 8628, reference §7): show a URL and a code, poll until approved, bounded by a deadline.

import type { SsoSession } from '../config/ssoProfile.ts';
import { sessionSubject } from '../config/ssoProfile.ts';
import { loginNeeded } from '../errors.ts';
import { ssoCallErrorOf } from '../sso/ssoCallErrorOf.ts';
import { devicePollDeadline, initialPollInterval, nextDevicePoll } from './devicePolling.ts';
import { getRegistration } from './getRegistration.ts';
import type { LoginDeps } from './deps.ts';
import { loginCallFailure } from './callFailure.ts';
import { loginCommandLine } from '../remedies.ts';
import { LOGIN_TIME_LIMIT_MS } from '../token/signInLimits.ts';
import type { DeviceAuthorization, IssuedToken, Registration } from '../sso/validateResponses.ts';

const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

export async function runDeviceFlow(
  session: SsoSession,
  options: { openBrowser: boolean; deadline: Date },
  deps: LoginDeps,
): Promise<{ token: IssuedToken; registration: Registration }> {
  const subject = sessionSubject(session.name);
  const again = `Run: ${loginCommandLine(session.name)}`;
  const { registration, device } = await startAuthorization(session, deps);
  deps.log.secret(device.deviceCode);

  let intervalMs = initialPollInterval(device.intervalSeconds);
  const codeDeadline = devicePollDeadline(deps.now(), device.expiresInSeconds, intervalMs, LOGIN_TIME_LIMIT_MS);
  const deadline = codeDeadline < options.deadline ? codeDeadline : options.deadline;
  deps.ui.say(
    `To sign in to sso-session '${session.name}' (${session.startUrl}), open this URL on any device:\n\n` +
      `  ${device.verificationUriComplete}\n\nand check that the page shows the code ${device.userCode}.\n\n`,
  );
  if (options.openBrowser) {
    void deps.openBrowser(device.verificationUriComplete).then((ok) => deps.log.debug(ok ? 'browser opened' : 'no browser could be opened'));
  }

  const waiting = deps.ui.wait(`Waiting for approval of code ${device.userCode}`, deadline);
  try {
    for (;;) {
      const pause = deps.delay(Math.min(intervalMs, deadline.getTime() - deps.now().getTime()));
      await pause.promise;
      if (deps.now().getTime() >= deadline.getTime()) {
        const problem = deadline === codeDeadline ? 'the sign-in code expired before it was approved' : `the sign-in was not approved within ${LOGIN_TIME_LIMIT_MS / 60_000} minutes`;
        throw loginNeeded(subject, problem, again);
      }
      let answer;
      try {
        answer = await deps.oidc.createToken(registration, { grantType: DEVICE_GRANT, deviceCode: device.deviceCode });
      } catch (error) {
        throw loginCallFailure(subject, session.name, 'CreateToken', ssoCallErrorOf(error));
      }
      if (answer.kind === 'token') return { token: answer.token, registration };
      const step = nextDevicePoll(answer.kind, intervalMs);
      if (step.action === 'stop') throw loginNeeded(subject, step.problem, again);
      deps.log.debug(`CreateToken: ${answer.kind}; ${step.reason}, next poll in ${step.intervalMs / 1000} s`);
      intervalMs = step.intervalMs;
    }
  } finally {
    waiting.stop();
  }
}

/**
 * A cached registration the service no longer knows (revoked, or from another directory) is refused here, before the
 * user has done anything: register once more and start again.
 */
async function startAuthorization(session: SsoSession, deps: LoginDeps): Promise<{ registration: Registration; device: DeviceAuthorization }> {
  const subject = sessionSubject(session.name);
  const fail = (step: string) => (error: unknown) => {
    throw loginCallFailure(subject, session.name, step, ssoCallErrorOf(error));
  };
  let registration = await getRegistration(session, 'device', deps).catch(fail('RegisterClient'));
  try {
    return { registration, device: await deps.oidc.startDeviceAuthorization(registration, session.startUrl) };
  } catch (error) {
    if (ssoCallErrorOf(error).kind !== 'unauthorized') throw loginCallFailure(subject, session.name, 'StartDeviceAuthorization', ssoCallErrorOf(error));
    deps.log.debug(`StartDeviceAuthorization refused the cached client (${ssoCallErrorOf(error).summary}); registering anew`);
  }
  registration = await getRegistration(session, 'device', deps, { fresh: true }).catch(fail('RegisterClient'));
  const device = await deps.oidc.startDeviceAuthorization(registration, session.startUrl).catch(fail('StartDeviceAuthorization'));
  return { registration, device };
}
