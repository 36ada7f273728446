// Where a sign-in prompt goes when our stdio is not the user's: the terminal device of the platform.

import { constants } from 'node:fs';
import { isWindows, type Platform } from './platform.ts';

export interface PromptDevice {
  /** The device the prompt is written to. */
  readonly output: string;
  /** Its input side, where answers are read (configure's questions; a sign-in needs none: it is completed in the browser). */
  readonly input: string;
  /** openSync flags for the output. */
  readonly flags: number;
  /**
   * 'fd': bytes written to the descriptor, which a POSIX terminal takes as UTF-8. 'console': through a tty stream
   * (libuv's console writer), because the Windows console takes raw bytes in its legacy code page and shows the
   * countdown's UTF-8 and escape sequences as garbage; libuv converts to UTF-16 and handles the escapes.
   */
  readonly writer: 'fd' | 'console';
  readonly why: string;
}

/**
 * POSIX: /dev/tty, the controlling terminal of the session (O_NOCTTY: never make it ours if we had none).
 * Windows has no /dev/tty; its equivalent is the console the process is attached to, opened by name: CONOUT$ for
 * output and CONIN$ for input (the devices a console program's standard handles start as; reopen-tty opens the
 * same for Node). A credential_process started from a terminal shares the terminal's console even when its stdio
 * are pipes. Read and write, because the console writer asks the screen buffer for its size, which needs read
 * access; no O_CREAT, since a console is opened as an existing device.
 */
export function getPromptDevice(platform: Platform): PromptDevice {
  if (isWindows(platform)) {
    return { output: '\\\\.\\CONOUT$', input: '\\\\.\\CONIN$', flags: constants.O_RDWR, writer: 'console', why: 'the console this process is attached to' };
  }
  return { output: '/dev/tty', input: '/dev/tty', flags: constants.O_WRONLY | constants.O_NOCTTY, writer: 'fd', why: 'the controlling terminal' };
}
