// What a subcommand is (its options, its help, its run) and what it gets from main. main parses the options with the
// one option parser and answers --help, so a command's run sees only valid options.

import type { OptionSpecs, OptionValues, WordRules } from '../cli/parseOptions.ts';
import type { RoleCredentials } from '../credentials/roleCredentials.ts';
import type { Logger } from '../log.ts';
import type { Platform } from '../platform/platform.ts';

export interface CommandContext {
  readonly env: NodeJS.ProcessEnv;
  /** `~`, resolved once by main (platform/homeDirectory.ts). */
  readonly home: string;
  /** The platform's rules for paths, modes, the terminal and the browser (platform/); read once by the entry point. */
  readonly platform: Platform;
  readonly now: () => Date;
  /** In [0, 1): a back-off's jitter (Math.random, passed in like the clock). */
  readonly random: () => number;
  /** Debug lines (with --debug) and warnings, on stderr, secrets scrubbed. */
  readonly log: Logger;
  /** The command's product output. Only main writes to the real stdout. */
  readonly stdout: (text: string) => void;
  /** KEYRACK_CP_AUTO_LOGIN, read once by main for every command. */
  readonly autoLogin: boolean;
  /** A profile's role credentials exactly as the credential process gets them (cache, lock, refresh; run.ts). */
  readonly getCredentials: (profile: string, options: { readonly noCache: boolean }) => Promise<RoleCredentials>;
}

/** Commands throw KeyrackError for every failure (main prints it and exits with its code); they return 0 or a code. */
export interface CommandSpec<O extends OptionSpecs> {
  readonly options: O;
  /** Words besides the options: exec takes a command after `--` (its run gets them as `afterDashes`). */
  readonly words?: WordRules;
  /** `keyrack-cp COMMAND --help` (snapshot-tested); some say what protects the files they write, per platform. */
  readonly help: (platform: Platform) => string;
  run(ctx: CommandContext, options: OptionValues<O>): Promise<number>;
}

/** Typed in one place: the options a command declares are the values its run gets. */
export const defineCommand = <O extends OptionSpecs>(spec: CommandSpec<O>): CommandSpec<O> => spec;
