// The only impure entry: argv and environment in; stdout JSON, or one stderr paragraph and an exit code, out.

import { homedir } from 'node:os';
import { helpText } from './cli/helpText.ts';
import { isCommand } from './commands/names.ts';
import { parseArgs } from './cli/parseArgs.ts';
import { configError, EXIT_FAILURE, EXIT_OK, KeyrackError } from './errors.ts';
import { createLogger, type Logger } from './log.ts';
import { loadSdkChunk } from './chunks/loadChunk.ts';
import { formatCredentialProcess } from './output/formatCredentialProcess.ts';
import { printable } from './output/printable.ts';
import { writeOut } from './fs/writeOut.ts';
import { getCredentials } from './run.ts';

declare const __KEYRACK_VERSION__: string;

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const debug = argv.includes('--debug');
  const log = createLogger({ debug, write: (line) => writeOut(2, line) });
  try {
    const first = argv[0];
    if (isCommand(first)) return await runCommand(first, argv.slice(1), env, log);
    const command = parseArgs(argv, env);
    if (command.kind === 'help') return print(helpText());
    if (command.kind === 'version') return print(`keyrack-cp ${typeof __KEYRACK_VERSION__ === 'string' ? __KEYRACK_VERSION__ : 'dev'}\n`);
    const creds = await getCredentials({
      profile: command.profile,
      noCache: command.noCache,
      autoLogin: command.autoLogin,
      home: homeDirectory(env),
      env,
      now: () => new Date(),
      log,
    });
    return print(`${formatCredentialProcess(creds)}\n`);
  } catch (error) {
    return report(error, log, debug);
  }
}

async function runCommand(name: string, argv: readonly string[], env: NodeJS.ProcessEnv, log: Logger): Promise<number> {
  const { COMMAND_LOADERS } = await loadSdkChunk();
  const command = await COMMAND_LOADERS[name]!();
  return command.run({ argv, env, home: homeDirectory(env), now: () => new Date(), log, stdout: (text) => writeOut(1, text) });
}

function print(text: string): number {
  writeOut(1, text);
  return EXIT_OK;
}

/** `~` is HOME (as botocore's expanduser); os.homedir() only when HOME is unset, as in a bare container. */
function homeDirectory(env: NodeJS.ProcessEnv): string {
  if (env.HOME) return env.HOME;
  try {
    return homedir();
  } catch {
    throw configError('environment', 'HOME is not set and there is no home directory for this user', 'Set HOME to the directory that holds .aws.');
  }
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
