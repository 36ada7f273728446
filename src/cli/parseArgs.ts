// Command line → what to do. node:util parseArgs: no library to load on a path that runs hundreds of times a day.

import { parseArgs as parseNodeArgs } from 'node:util';
import { configError } from '../errors.ts';

export type Command =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | { readonly kind: 'credentials'; readonly profile: string; readonly debug: boolean; readonly noCache: boolean };

/** The profile: --profile, else AWS_PROFILE, else `default` (the contract's order). */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv): Command {
  let values: { profile?: string; debug?: boolean; 'no-cache'?: boolean; help?: boolean; version?: boolean };
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
  return { kind: 'credentials', profile, debug: values.debug === true, noCache: values['no-cache'] === true };
}

/** Node's messages name the option; keep that, drop its advice about '--' which does not apply here. */
function usageProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(/\. ?To specify/)[0]!.replace(/\.$/, '');
}
