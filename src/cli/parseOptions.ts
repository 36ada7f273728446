// Every command line keyrack-cp reads, the credential process's and each subcommand's: node:util parseArgs, strict
// (no library to load on a path that runs hundreds of times a day). A usage error is exit 2, naming the option.

import { parseArgs } from 'node:util';
import { configError } from '../errors.ts';

export type OptionSpecs = Readonly<Record<string, { readonly type: 'string' | 'boolean'; readonly short?: string }>>;

/** What was given: a string or true per option that was; --help and --debug are every command's. */
export type OptionValues<T extends OptionSpecs> = { readonly [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean } & {
  readonly help?: boolean;
  readonly debug?: boolean;
};

const COMMON = { help: { type: 'boolean', short: 'h' }, debug: { type: 'boolean' } } as const;

/**
 * `command` is the subcommand's name, or null for the credential process itself (which takes no positional word:
 * one it does not know is an unknown command).
 */
export function parseOptions<T extends OptionSpecs>(command: string | null, argv: readonly string[], options: T): OptionValues<T> {
  const remedy = command ? `Run keyrack-cp ${command} --help for its options.` : 'Run keyrack-cp --help for the options.';
  let parsed;
  try {
    // main reads --debug itself (before anything can fail); it is declared here so that strict mode accepts it.
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { ...options, ...COMMON } });
  } catch (error) {
    throw configError('usage', nodeUsageProblem(error), remedy);
  }
  const [stray] = parsed.positionals;
  if (stray !== undefined) throw configError('usage', command ? `keyrack-cp ${command} takes no argument '${stray}'` : `unknown command '${stray}'`, remedy);
  return parsed.values as OptionValues<T>;
}

/** Node's messages name the option; its advice about '--' does not apply here. */
function nodeUsageProblem(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(/\. ?To specify/)[0]!.replace(/\.$/, '');
}

/** The profile: --profile, else AWS_PROFILE, else `default` (the contract's order, for every command). */
export function profileFrom(option: string | undefined, env: NodeJS.ProcessEnv): string {
  const profile = option ?? env.AWS_PROFILE ?? 'default';
  if (profile.trim() === '') throw configError('usage', 'the profile name is empty', 'Pass --profile NAME.');
  return profile;
}
