// The only impure entry: argv and environment in; stdout JSON, or one stderr paragraph and an exit code, out.

import { helpText } from './cli/helpText.ts';
import { isCommand } from './commands/names.ts';
import { parseArgs } from './cli/parseArgs.ts';
import { EXIT_FAILURE, EXIT_OK, KeyrackError } from './errors.ts';
import { createLogger, type Logger } from './log.ts';
import { loadSdkChunk } from './chunks/loadChunk.ts';
import { formatCredentialProcess } from './output/formatCredentialProcess.ts';
import { printable } from './output/printable.ts';
import { writeOut } from './fs/writeOut.ts';
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
  const debug = argv.includes('--debug');
  const log = createLogger({ debug, write: (line) => writeOut(2, line) });
  try {
    const first = argv[0];
    if (isCommand(first)) return await runCommand(first, argv.slice(1), env, host, log);
    const command = parseArgs(argv, env);
    if (command.kind === 'help') return print(helpText());
    if (command.kind === 'version') return print(`keyrack-cp ${typeof __KEYRACK_VERSION__ === 'string' ? __KEYRACK_VERSION__ : 'dev'}\n`);
    const creds = await getCredentials({
      profile: command.profile,
      noCache: command.noCache,
      autoLogin: command.autoLogin,
      home: homeDirectory(env, host, log),
      platform: host.platform,
      env,
      now: () => new Date(),
      log,
    });
    return print(`${formatCredentialProcess(creds)}\n`);
  } catch (error) {
    return report(error, log, debug);
  }
}

async function runCommand(name: string, argv: readonly string[], env: NodeJS.ProcessEnv, host: Host, log: Logger): Promise<number> {
  const { COMMAND_LOADERS } = await loadSdkChunk();
  const command = await COMMAND_LOADERS[name]!();
  const home = homeDirectory(env, host, log);
  return command.run({ argv, env, home, platform: host.platform, now: () => new Date(), log, stdout: (text) => writeOut(1, text) });
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
