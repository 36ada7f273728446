// Running COMMAND for keyrack-cp exec: its stdin, stdout and stderr are keyrack-cp's own (inherited, so a terminal
// stays a terminal), the signals keyrack-cp gets are passed on by planSignal's rule, and the result is its exit code.

import { spawn } from 'node:child_process';
import { EXIT_CANNOT_RUN, EXIT_NOT_FOUND, failure, KeyrackError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { isWindows, type Platform } from '../platform/platform.ts';
import { printable } from '../text/printable.ts';
import { exitCodeOf } from './exitCode.ts';
import { EXEC_SIGNALS, planSignal, type ExecSignal } from './planSignal.ts';

export interface RunDeps {
  readonly platform: Platform;
  readonly log: Logger;
  /** os.constants.signals of this machine, for 128 + n. */
  readonly signalNumbers: Readonly<Partial<Record<string, number>>>;
  /** Asked at each signal (job control can move keyrack-cp to the background meanwhile): terminalForeground.ts. */
  readonly inTerminalForeground: () => boolean;
}

/** Resolves with keyrack-cp's exit code once COMMAND has ended; throws KeyrackError (126, 127, 1) if it cannot start. */
export function runCommand(command: readonly string[], env: Record<string, string>, deps: RunDeps): Promise<number> {
  const [file, ...args] = command as [string, ...string[]];
  return new Promise((resolve, reject) => {
    // Taken before the spawn: from here a Ctrl-C or a TERM must not kill keyrack-cp and leave COMMAND running alone.
    const handlers = EXEC_SIGNALS.map((signal) => [signal, () => pass(signal)] as const);
    for (const [signal, handler] of handlers) process.on(signal, handler);
    const stopHandling = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
    };

    // Node looks COMMAND up on the PATH of `env`, which is the parent's PATH: exec changes no PATH.
    let child: ReturnType<typeof spawn>;
    try {
      child = spawn(file, args, { stdio: 'inherit', env });
    } catch (error) {
      // Node refuses some starts at once rather than by an event (a .cmd or .bat file on Windows: EINVAL).
      stopHandling();
      return reject(cannotStart(file, error as NodeJS.ErrnoException, deps.platform));
    }
    let started = false;
    function pass(signal: ExecSignal): void {
      const plan = planSignal(signal, { platform: deps.platform, inTerminalForeground: deps.inTerminalForeground() });
      deps.log.debug(`${signal}: ${plan.forward ? 'passed on to COMMAND' : 'not passed on'} (${plan.why})`);
      if (plan.forward && started) child.kill(signal);
    }
    child.once('spawn', () => {
      started = true;
      deps.log.debug(`COMMAND started, pid ${child.pid}`);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      // After the start, an error is a failed kill(): COMMAND has ended already, and its exit event says how.
      if (started) return deps.log.debug(`passing a signal failed (${error.code ?? error.name})`);
      stopHandling();
      reject(cannotStart(file, error, deps.platform));
    });
    child.once('exit', (code, signal) => {
      stopHandling();
      const end = exitCodeOf({ code, signal }, deps.signalNumbers);
      deps.log.debug(`${end.why}; exit ${end.code}`);
      resolve(end.code);
    });
  });
}

/** The shells' codes and words: 127 not found, 126 found but not runnable; anything else (EMFILE, ENOMEM...) is 1. */
function cannotStart(file: string, error: NodeJS.ErrnoException, platform: Platform): KeyrackError {
  const subject = `exec: command '${printable(file, { newlines: false })}'`;
  const onPath = !/[\\/]/.test(file);
  switch (error.code) {
    case 'ENOENT':
      return new KeyrackError(
        EXIT_NOT_FOUND,
        subject,
        onPath ? 'not found on PATH' : 'not found (no such file, or the interpreter its #! line names is missing)',
        onPath ? 'Check its name, or give its path.' : 'Check the path.',
      );
    case 'EACCES':
    case 'EISDIR':
    case 'ENOEXEC':
      return new KeyrackError(EXIT_CANNOT_RUN, subject, `cannot be run (${error.code}: not an executable file, or no permission to run it)`, 'Check its mode (chmod +x) and that it is a program.');
    case 'EINVAL':
      if (isWindows(platform) && /\.(cmd|bat)$/i.test(file)) {
        return new KeyrackError(EXIT_CANNOT_RUN, subject, 'is a batch file, which Windows runs only through cmd.exe', `Run it as: keyrack-cp exec -- cmd /c ${file}`);
      }
      return failure(subject, 'could not be started (EINVAL)', 'Check the command line.');
    default:
      return failure(subject, `could not be started (${error.code ?? error.name})`, 'Try again; if it persists, run with --debug.');
  }
}
