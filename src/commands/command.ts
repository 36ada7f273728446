// What every subcommand (login, logout, status, export, ...) gets, and what it gives back.

import type { Logger } from '../log.ts';
import type { Platform } from '../platform/platform.ts';

export interface CommandContext {
  /** The words after the command's name; each command parses its own options (and answers --help). */
  readonly argv: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  /** `~`, resolved once by main (platform/homeDirectory.ts). */
  readonly home: string;
  /** The platform's rules for paths, modes, the terminal and the browser (platform/); read once by the entry point. */
  readonly platform: Platform;
  readonly now: () => Date;
  /** Debug lines (when argv has --debug) and warnings, on stderr, secrets scrubbed. */
  readonly log: Logger;
  /** The command's product output. Only main writes to the real stdout. */
  readonly stdout: (text: string) => void;
}

/** Commands throw KeyrackError for every failure (main prints it and exits with its code); they return 0 or a code. */
export interface Command {
  run(ctx: CommandContext): Promise<number>;
}
