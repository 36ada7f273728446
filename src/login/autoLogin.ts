// --auto-login on the credential_process path: when the session needs a sign-in, this process runs it (the caller
// holds the session's lock, so exactly one does), talking to the user on the controlling terminal.

import type { SsoSession } from '../config/ssoProfile.ts';
import { sessionSubject } from '../config/ssoProfile.ts';
import { KeyrackError, loginNeeded } from '../errors.ts';
import type { Logger } from '../log.ts';
import { formatAwsTimestamp } from '../token/awsTimestamp.ts';
import { chooseLoginFlow } from './chooseLoginFlow.ts';
import { hasControllingTerminal, openControllingTerminal } from './controllingTerminal.ts';
import { createLoginDeps, hasBrowser } from './createDeps.ts';
import { logIn } from './logIn.ts';
import { loginCommandLine } from '../remedies.ts';
import { getPromptDevice } from '../platform/promptDevice.ts';
import type { Platform } from '../platform/platform.ts';

export interface AutoLoginContext {
  readonly session: SsoSession;
  readonly oidcEndpoint: string;
  readonly home: string;
  readonly platform: Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => Date;
  readonly log: Logger;
}

/**
 * Decides at once whether a sign-in can reach the user (a terminal to show a code or URL on, or a browser to open);
 * if not, fails now with exit 3 instead of waiting for nobody. Returns the sign-in, to run under the lock.
 */
export async function prepareAutoLogin(ctx: AutoLoginContext, reason: string): Promise<() => Promise<string>> {
  const { session, log } = ctx;
  const device = getPromptDevice(ctx.platform);
  const terminal = hasControllingTerminal(device);
  const choice = chooseLoginFlow({ useDeviceCode: false, noBrowser: false, browser: hasBrowser(ctx.env, ctx.platform), userSeesText: terminal });
  log.debug(`--auto-login: ${device.why} (${device.output}) ${terminal ? 'can' : 'cannot'} be opened; ${choice.flow === 'none' ? 'cannot sign in' : `${choice.flow} flow`} (${choice.why})`);
  if (choice.flow === 'none') {
    throw loginNeeded(sessionSubject(session.name), `${reason}, and --auto-login cannot sign in here: ${choice.why}`, `Run: ${loginCommandLine(session.name)}`);
  }
  return async () => {
    const tty = terminal ? openControllingTerminal(device) : null;
    // Without a terminal the browser does the talking; the lines still go to stderr, for a log that keeps it.
    const out = tty ?? { isTerminal: false, write: (text: string) => void process.stderr.write(text) };
    const deps = createLoginDeps({ ...ctx, region: session.region }, out);
    try {
      deps.ui.say(`keyrack-cp: sso-session '${session.name}' needs a sign-in (--auto-login).\n`);
      const done = await logIn({ session, oidcEndpoint: ctx.oidcEndpoint, choice }, deps);
      deps.ui.say(`keyrack-cp: signed in to sso-session '${session.name}' until ${formatAwsTimestamp(done.expiresAt)}.\n`);
      return done.accessToken;
    } catch (error) {
      // The paragraph main prints goes to stderr, which the SDK may never show: the user at the terminal reads it here.
      if (tty && error instanceof KeyrackError) deps.ui.say(`keyrack-cp: ${error.describe()}\n`);
      throw error;
    } finally {
      tty?.close();
    }
  };
}
