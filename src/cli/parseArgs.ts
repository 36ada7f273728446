// Command line → what to do. node:util parseArgs: no library to load on a path that runs hundreds of times a day.

import { parseArgs as parseNodeArgs } from 'node:util';
import { configError } from '../errors.ts';
import { AUTO_LOGIN_ENV, readAutoLoginEnv } from '../login/autoLoginSetting.ts';

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'credentials'; readonly profile: string; readonly debug: boolean; readonly noCache: boolean; readonly autoLogin: boolean };

/** The profile: --profile, else AWS_PROFILE, else `default` (the contract's order). */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Command {
  let values: { profile?: string; debug?: boolean; 'no-cache'?: boolean; 'auto-login'?: boolean; help?: boolean; version?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseNodeArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        profile: { type: 'string', short: 'p' },
        debug: { type: 'boolean' },
        'no-cache': { type: 'boolean' },
        'auto-login': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    }));
  } catch (error) {
    throw configError('usage', usageProblem(error), 'Run keyrack-cp --help for the options.');
  }
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  if (positionals.length > 0) {
    throw configError('usage', `unknown command '${positionals[0]}'`, 'Run keyrack-cp --help for the options.');
  }
  const profile = values.profile ?? env.AWS_PROFILE ?? 'default';
  if (profile.trim() === '') throw configError('usage', 'the profile name is empty', 'Pass --profile NAME.');
  const fromEnv = readAutoLoginEnv(env);
  if (fromEnv === null) {
    throw configError('environment', `${AUTO_LOGIN_ENV}='${env[AUTO_LOGIN_ENV]}' is neither on (1, true, yes, on) nor off (0, false, no, off)`, `Set ${AUTO_LOGIN_ENV}=1 or unset it.`);
  }
  return { kind: 'credentials', profile, debug: values.debug === true, noCache: values['no-cache'] === true, autoLogin: values['auto-login'] === true || fromEnv };
}

/** Node's messages name the option; keep that, drop its advice about '--' which does not apply here. */
function usageProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(/\. ?To specify/)[0]!.replace(/\.$/, '');
}
