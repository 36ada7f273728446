// A subcommand's options, read like the main command's: node:util parseArgs, strict, a usage error exits 2.

import { parseArgs } from 'node:util';
import { configError, KeyrackError } from '../errors.ts';

type OptionSpecs = Record<string, { readonly type: 'string' | 'boolean'; readonly short?: string }>;

type Values<T extends OptionSpecs> = {
  [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean;
};

/** Every subcommand also takes --help and --debug (main reads --debug itself; it is accepted here so strict mode allows it). */
export function parseCommandArgs<T extends OptionSpecs>(
  command: string,
  argv: readonly string[],
  options: T,
): Values<T> & { help?: boolean; debug?: boolean } {
  const remedy = `Run keyrack-cp ${command} --help for its options.`;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { ...options, help: { type: 'boolean', short: 'h' }, debug: { type: 'boolean' } },
    });
    if (positionals.length > 0) throw configError('usage', `keyrack-cp ${command} takes no argument '${positionals[0]}'`, remedy);
    return values as Values<T> & { help?: boolean; debug?: boolean };
  } catch (error) {
    if (!(error instanceof KeyrackError)) {
      // Node's message names the option; its advice about '--' does not apply here.
      throw configError('usage', String((error as Error).message ?? error).split(/\. ?To specify/)[0]!.replace(/\.$/, ''), remedy);
    }
    throw error;
  }
}

/** The source profile: --profile, else AWS_PROFILE, else `default` (the contract's order, as for the main command). */
export function profileFrom(option: string | undefined, env: NodeJS.ProcessEnv): string {
  const profile = option ?? env.AWS_PROFILE ?? 'default';
  if (profile.trim() === '') throw configError('usage', 'the profile name is empty', 'Pass --profile NAME.');
  return profile;
}
