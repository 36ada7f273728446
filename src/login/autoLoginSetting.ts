// Whether --auto-login is on: the flag, or the environment (to turn it on for a whole container or shell). Pure.

/** Set to 1/true/yes/on to sign in automatically on the credential path; 0/false/no/off or empty leaves it off. */
export const AUTO_LOGIN_ENV = 'KEYRACK_CP_AUTO_LOGIN';

const ON = new Set(['1', 'true', 'yes', 'on']);
const OFF = new Set(['', '0', 'false', 'no', 'off']);

/** true/false, or null for a value that is neither (a typo must not silently mean "off"). */
export function readAutoLoginEnv(env: NodeJS.ProcessEnv): boolean | null {
  const value = (env[AUTO_LOGIN_ENV] ?? '').trim().toLowerCase();
  if (ON.has(value)) return true;
  if (OFF.has(value)) return false;
  return null;
}
