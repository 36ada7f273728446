// The credential process's command line → what to do.

import { parseOptions, profileFrom } from './parseOptions.ts';

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'credentials'; readonly profile: string; readonly noCache: boolean; readonly autoLogin: boolean };

export const CREDENTIAL_OPTIONS = {
  profile: { type: 'string', short: 'p' },
  'no-cache': { type: 'boolean' },
  'auto-login': { type: 'boolean' },
  version: { type: 'boolean', short: 'V' },
} as const;

/** `autoLogin` is the --auto-login flag alone: main adds KEYRACK_CP_AUTO_LOGIN, which it reads once for every command. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Command {
  const values = parseOptions(null, argv, CREDENTIAL_OPTIONS);
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  return { kind: 'credentials', profile: profileFrom(values.profile, env), noCache: values['no-cache'] === true, autoLogin: values['auto-login'] === true };
}
