// Every command line keyrack-cp reads, the credential process's and each subcommand's: node:util parseArgs, strict
// (no library to load on a path that runs hundreds of times a day). A usage error is exit 2, naming the option.

import { parseArgs } from 'node:util';
import { configError } from '../errors.ts';

export type OptionSpecs = Readonly<Record<string, { readonly type: 'string' | 'boolean'; readonly short?: string }>>;

/**
 * What was given: a string or true per option that was; --help and --debug are every command's. `afterDashes` holds
 * the words after the first `--`, for a command that takes them (exec's COMMAND and its arguments), as they were.
 */
export type OptionValues<T extends OptionSpecs> = { readonly [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean } & {
  readonly help?: boolean;
  readonly debug?: boolean;
  readonly afterDashes?: readonly string[];
};

/** How a command's words are read besides its options. */
export interface WordRules {
  /**
   * The words after `--` are the command's own (a program to run and its arguments), never read as options, so
   * `exec -- aws --debug` gives --debug to aws. Without it a word after `--` is a stray argument like any other.
   */
  readonly takesWordsAfterDashes?: boolean;
}

const COMMON = { help: { type: 'boolean', short: 'h' }, debug: { type: 'boolean' } } as const;

/**
 * `command` is the subcommand's name, or null for the credential process itself (which takes no positional word:
 * one it does not know is an unknown command).
 */
export function parseOptions<T extends OptionSpecs>(command: string | null, argv: readonly string[], options: T, rules: WordRules = {}): OptionValues<T> {
  const remedy = command ? `Run keyrack-cp ${command} --help for its options.` : 'Run keyrack-cp --help for the options.';
  let parsed;
  try {
    // main reads --debug itself (before anything can fail); it is declared here so that strict mode accepts it.
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, tokens: true, options: { ...options, ...COMMON } });
  } catch (error) {
    throw configError('usage', nodeUsageProblem(error), remedy);
  }
  const dashes = rules.takesWordsAfterDashes ? parsed.tokens.find((t) => t.kind === 'option-terminator')?.index : undefined;
  const stray = parsed.tokens.find((t) => t.kind === 'positional' && (dashes === undefined || t.index < dashes));
  if (stray?.kind === 'positional') {
    if (rules.takesWordsAfterDashes) throw configError('usage', `keyrack-cp ${command} takes no argument '${stray.value}' before --`, `Put the command to run after --, as in: keyrack-cp ${command} -- aws sts get-caller-identity.`);
    throw configError('usage', command ? `keyrack-cp ${command} takes no argument '${stray.value}'` : `unknown command '${stray.value}'`, remedy);
  }
  const values = parsed.values as OptionValues<T>;
  return rules.takesWordsAfterDashes ? { ...values, afterDashes: dashes === undefined ? [] : argv.slice(dashes + 1) } : values;
}

/** The words main may read as its own options (--debug): those before a `--`, after which the words are a command's. */
export function optionWords(argv: readonly string[]): readonly string[] {
  const dashes = argv.indexOf('--');
  return dashes < 0 ? argv : argv.slice(0, dashes);
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
