// Whether --auto-login is on from the environment (to turn it on for a whole container or shell). Decided once, by
// main, for every command: a typo is a usage error wherever it would have mattered, never a silent "off".

import { configError } from '../errors.ts';

/** Set to 1/true/yes/on to sign in automatically on the credential path; 0/false/no/off or empty leaves it off. */
export const AUTO_LOGIN_ENV = 'KEYRACK_CP_AUTO_LOGIN';

const ON = new Set(['1', 'true', 'yes', 'on']);
const OFF = new Set(['', '0', 'false', 'no', 'off']);

export function readAutoLoginSetting(env: NodeJS.ProcessEnv): boolean {
  const value = (env[AUTO_LOGIN_ENV] ?? '').trim().toLowerCase();
  if (ON.has(value)) return true;
  if (OFF.has(value)) return false;
  throw configError('environment', `${AUTO_LOGIN_ENV}='${env[AUTO_LOGIN_ENV]}' is neither on (1, true, yes, on) nor off (0, false, no, off)`, `Set ${AUTO_LOGIN_ENV}=1 or unset it.`);
}
