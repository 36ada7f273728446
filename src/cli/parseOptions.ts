// Every command line keyrack-cp reads, the credential process's and each subcommand's, strict: an unknown option, a
// missing value or a stray word is a usage error (exit 2) naming it and the command's --help.
//
// Hand-written rather than node:util's parseArgs, whose rules it keeps (--name value, --name=value, -n value, -nvalue,
// -abc for booleans, `--` ends the options, the last of a repeated option wins): in Bun's executable node:util is a
// module of its own, loaded only for parseArgs, and it cost the cache hit 1.1 MB of peak RSS (31.3 against 30.2 MB,
// median of 30, bench/rss). No library: this runs hundreds of times a day, before anything else.

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
  const read = readWords(argv, { ...options, ...COMMON }, remedy);
  // main reads --debug itself (before anything can fail); it is declared here so that every command accepts it.
  const dashes = rules.takesWordsAfterDashes ? read.dashes : undefined;
  const stray = read.positionals.find((p) => dashes === undefined || p.index < dashes);
  if (stray) {
    if (rules.takesWordsAfterDashes) throw configError('usage', `keyrack-cp ${command} takes no argument '${stray.value}' before --`, `Put the command to run after --, as in: keyrack-cp ${command} -- aws sts get-caller-identity.`);
    throw configError('usage', command ? `keyrack-cp ${command} takes no argument '${stray.value}'` : `unknown command '${stray.value}'`, remedy);
  }
  const values = read.values as OptionValues<T>;
  return rules.takesWordsAfterDashes ? { ...values, afterDashes: dashes === undefined ? [] : argv.slice(dashes + 1) } : values;
}

type Positional = { readonly value: string; readonly index: number };

/**
 * The words as options and positionals, by parseArgs' rules in its strict mode: `dashes` is the index of the first
 * `--`, after which every word is a positional.
 */
function readWords(argv: readonly string[], specs: OptionSpecs, remedy: string): { values: Record<string, string | boolean>; positionals: Positional[]; dashes: number | undefined } {
  const values: Record<string, string | boolean> = {};
  const positionals: Positional[] = [];
  const usage = (problem: string) => configError('usage', problem, remedy);
  const longFor = (short: string) => Object.keys(specs).find((name) => specs[name]!.short === short);
  const shown = (name: string) => (specs[name]!.short ? `-${specs[name]!.short}, --${name}` : `--${name}`);
  /** One option met as `raw` (its spelling), with the value written into the same word, if any. */
  const take = (name: string | undefined, raw: string, inline: string | undefined, index: number): number => {
    if (name === undefined || !Object.hasOwn(specs, name)) throw usage(`Unknown option '${raw}'`);
    if (specs[name]!.type === 'boolean') {
      if (inline !== undefined) throw usage(`Option '${shown(name)}' does not take an argument`);
      values[name] = true;
      return index;
    }
    if (inline !== undefined) {
      values[name] = inline;
      return index;
    }
    const next = argv[index + 1];
    if (next === undefined) throw usage(`Option '${shown(name)} <value>' argument missing`);
    // A value that looks like an option is most likely a forgotten one (`--profile --debug`); `--profile=-x` says so.
    if (next.length > 1 && next.startsWith('-')) throw usage(`Option '${shown(name)}' argument is ambiguous: did you forget its value? A value starting with a dash is given as '--${name}=${next}'`);
    values[name] = next;
    return index + 1;
  };
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]!;
    if (word === '--') {
      for (let rest = index + 1; rest < argv.length; rest++) positionals.push({ value: argv[rest]!, index: rest });
      return { values, positionals, dashes: index };
    }
    if (word.startsWith('--')) {
      const equals = word.indexOf('=');
      index = equals < 0 ? take(word.slice(2), word, undefined, index) : take(word.slice(2, equals), word.slice(0, equals), word.slice(equals + 1), index);
    } else if (word.length > 1 && word.startsWith('-')) {
      // -abc: each a boolean, until one that takes a value, which is the rest of the word (-nvalue) or the next word.
      for (let at = 1; at < word.length; at++) {
        const name = longFor(word[at]!);
        const last = at === word.length - 1;
        if (name !== undefined && specs[name]!.type === 'string' && !last) {
          take(name, `-${word[at]}`, word.slice(at + 1), index);
          break;
        }
        index = take(name, `-${word[at]}`, undefined, index);
      }
    } else {
      positionals.push({ value: word, index });
    }
  }
  return { values, positionals, dashes: undefined };
}

/** The words main may read as its own options (--debug): those before a `--`, after which the words are a command's. */
export function optionWords(argv: readonly string[]): readonly string[] {
  const dashes = argv.indexOf('--');
  return dashes < 0 ? argv : argv.slice(0, dashes);
}

/** The profile: --profile, else AWS_PROFILE, else `default` (the contract's order, for every command). */
export function profileFrom(option: string | undefined, env: NodeJS.ProcessEnv): string {
  const profile = option ?? env.AWS_PROFILE ?? 'default';
  if (profile.trim() === '') throw configError('usage', 'the profile name is empty', 'Pass --profile NAME.');
  return profile;
}
