// Gathers the status report: every sso-session with its sign-in state, every profile with what it is to keyrack-cp.

import { sessionSubject, type SsoSession } from '../config/ssoProfile.ts';
import type { AwsConfig } from '../config/types.ts';
import { KeyrackError } from '../errors.ts';
import type { Logger } from '../log.ts';
import type { Platform } from '../platform/platform.ts';
import { resolveSsoSession } from '../config/resolveSsoProfile.ts';
import { getTokenCachePath } from '../token/tokenCachePath.ts';
import { readTokenFile, type TokenRead } from '../token/tokenStore.ts';
import { profileStatus, type ProfileStatus } from './profileStatus.ts';
import { sessionState, type SessionState } from './sessionStatus.ts';

export type SessionReport =
  | { readonly name: string; readonly kind: 'valid'; readonly session: SsoSession; readonly tokenFile: string; readonly token: SessionState }
  | { readonly name: string; readonly kind: 'misconfigured'; readonly problem: string; readonly fix: string };

export interface StatusReport {
  readonly configFile: string;
  readonly sessions: readonly SessionReport[];
  readonly profiles: readonly ProfileStatus[];
}

/** The whole config, or (with a profile) that profile and its session. */
export function readStatus(config: AwsConfig, home: string, platform: Platform, now: Date, log: Logger, onlyProfile?: string): StatusReport {
  const profileNames = onlyProfile !== undefined ? [onlyProfile] : [...config.profiles.keys()];
  const profiles = profileNames.map((name) => profileStatus(config, name));
  const sessionNames = onlyProfile !== undefined
    ? profiles.flatMap((p) => (p.kind === 'usable' ? [p.session] : []))
    : [...config.ssoSessions.keys()];
  return { configFile: config.configFile, sessions: sessionNames.map((name) => sessionReport(config, name, home, platform, now, log)), profiles };
}

function sessionReport(config: AwsConfig, name: string, home: string, platform: Platform, now: Date, log: Logger): SessionReport {
  let session: SsoSession;
  try {
    session = resolveSsoSession(config, name);
  } catch (error) {
    if (!(error instanceof KeyrackError)) throw error;
    return { name, kind: 'misconfigured', problem: error.problem, fix: error.remedy };
  }
  const tokenFile = getTokenCachePath(home, name, platform);
  let read: TokenRead;
  try {
    read = readTokenFile(tokenFile, sessionSubject(name), log);
  } catch (error) {
    // An unreadable token file is one session's problem: the report goes on for the others.
    if (!(error instanceof KeyrackError)) throw error;
    read = { ok: false, problem: error.problem };
  }
  return { name, kind: 'valid', session, tokenFile, token: sessionState(read, now) };
}
