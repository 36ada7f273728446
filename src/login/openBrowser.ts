// Starts the user's browser on a URL, trying each candidate command in turn. The one process-spawning part of a login.

import { spawn } from 'node:child_process';
import type { Logger } from '../log.ts';

/**
 * A browser that is still running after this long has opened (a real browser often stays in the foreground); an
 * opener like xdg-open exits well before it, with its verdict in the exit code.
 */
export const BROWSER_SETTLE_MS = 3_000;

/** true when one of the commands started and did not fail; the URL is never logged (it names our state). */
export async function openBrowser(commands: ReadonlyArray<readonly string[]>, log: Logger, settleMs = BROWSER_SETTLE_MS): Promise<boolean> {
  for (const argv of commands) {
    const outcome = await launch(argv, settleMs);
    log.debug(`browser '${argv[0]}': ${outcome}`);
    if (outcome === 'opened' || outcome === 'still running') return true;
  }
  return false;
}

function launch(argv: readonly string[], settleMs: number): Promise<string> {
  return new Promise((resolve) => {
    let child;
    try {
      // Detached, no stdio: the browser must not hold our terminal or keep us alive, and never sees our pipes.
      // windowsHide: on Windows a detached console program would otherwise flash a console window of its own (no
      // effect elsewhere). No shell anywhere: the URL is one argument, and its `&` is not cmd.exe's separator.
      child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: 'ignore', windowsHide: true });
    } catch (error) {
      resolve(`could not start (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
      return;
    }
    const timer = setTimeout(() => {
      child.unref();
      resolve('still running');
    }, settleMs);
    child.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve(`could not start (${error.code ?? 'error'})`);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code === 0 ? 'opened' : `failed (${signal ?? `exit ${code}`})`);
    });
  });
}
