// The only impure entry: argv and environment in; stdout JSON, or one stderr paragraph and an exit code, out.
// What is read from the environment for every command (the home directory, KEYRACK_CP_AUTO_LOGIN) is read here,
// once, after --help has been answered.

import { readAutoLoginSetting } from './cli/autoLoginSetting.ts';
import { helpText } from './cli/helpText.ts';
import { parseArgs } from './cli/parseArgs.ts';
import { optionWords, parseOptions } from './cli/parseOptions.ts';
import type { CommandContext } from './commands/command.ts';
import { COMMANDS, isCommand, type CommandName } from './commands/table.ts';
import { EXIT_FAILURE, EXIT_OK, KeyrackError } from './errors.ts';
import { writeOut } from './fs/writeOut.ts';
import { createLogger, type Logger } from './log.ts';
import { formatCredentialProcess } from './output/formatCredentialProcess.ts';
import { printable } from './text/printable.ts';
import { resolveHomeDirectory } from './platform/homeDirectory.ts';
import type { Platform } from './platform/platform.ts';
import { getCredentials } from './run.ts';

declare const __KEYRACK_VERSION__: string;

/** What main knows of the machine besides argv and env: the platform, and os.homedir (for `~` when no variable says). */
export interface Host {
  readonly platform: Platform;
  readonly homedir: () => string;
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv, host: Host): Promise<number> {
  // Only before a `--`: after it the words are the command exec runs, and its --debug is its own.
  const debug = optionWords(argv).includes('--debug');
  const log = createLogger({ debug, write: (line) => writeOut(2, line) });
  try {
    const first = argv[0];
    if (isCommand(first)) return await runCommand(first, argv.slice(1), env, host, log);
    const command = parseArgs(argv, env);
    if (command.kind === 'help') return print(helpText());
    if (command.kind === 'version') return print(`keyrack-cp ${typeof __KEYRACK_VERSION__ === 'string' ? __KEYRACK_VERSION__ : 'dev'}\n`);
    const ctx = commandContext(env, host, log);
    const creds = await getCredentials({ ...ctx, profile: command.profile, noCache: command.noCache, autoLogin: command.autoLogin || ctx.autoLogin });
    return print(`${formatCredentialProcess(creds)}\n`);
  } catch (error) {
    return report(error, log, debug);
  }
}

/** The command's options parsed by the one parser, --help answered, then its run. */
async function runCommand(name: CommandName, argv: readonly string[], env: NodeJS.ProcessEnv, host: Host, log: Logger): Promise<number> {
  const command = await COMMANDS[name].load();
  const options = parseOptions(name, argv, command.options, command.words);
  if (options.help) return print(command.help(host.platform));
  return command.run(commandContext(env, host, log), options);
}

function commandContext(env: NodeJS.ProcessEnv, host: Host, log: Logger): CommandContext {
  const base = { env, home: homeDirectory(env, host, log), platform: host.platform, now: () => new Date(), log, autoLogin: readAutoLoginSetting(env) };
  return {
    ...base,
    stdout: (text) => writeOut(1, text),
    random: Math.random,
    getCredentials: (profile, options) => getCredentials({ ...base, profile, noCache: options.noCache }),
  };
}

function print(text: string): number {
  writeOut(1, text);
  return EXIT_OK;
}

/** `~`, by the platform's rules (platform/homeDirectory.ts). */
function homeDirectory(env: NodeJS.ProcessEnv, host: Host, log: Logger): string {
  const { home, source } = resolveHomeDirectory(host.platform, env, host.homedir);
  log.debug(`home ${home} (from ${source})`);
  return home;
}

/** One paragraph, never a stack trace (a --debug run adds the error's name for unexpected failures). */
function report(error: unknown, log: Logger, debug: boolean): number {
  if (error instanceof KeyrackError) {
    writeOut(2, printable(log.scrub(`keyrack-cp: ${error.describe()}\n`)));
    return error.exitCode;
  }
  const name = error instanceof Error ? error.name : typeof error;
  const detail = debug && error instanceof Error ? ` (${error.message})` : '';
  writeOut(
    2,
    printable(log.scrub(`keyrack-cp: unexpected failure: ${name}${detail}. Run again with --debug; if it persists, report it with that output.\n`)),
  );
  return EXIT_FAILURE;
}
