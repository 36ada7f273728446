// The user's terminal when our stdio is not it: an SDK that runs us as credential_process holds our stderr until we
// exit, so a sign-in prompt written there is never seen (granted#683, aws-vault#1015). /dev/tty is the terminal the
// user is typing in, if there is one.

import { closeSync, constants, openSync, writeSync } from 'node:fs';
import type { UiOutput } from './loginUi.ts';

const TTY_PATH = '/dev/tty';

export interface Terminal extends UiOutput {
  close(): void;
}

/** null without a controlling terminal (ENXIO: a daemon, a container, CI) or where /dev/tty cannot be opened. */
export function openControllingTerminal(path = TTY_PATH): Terminal | null {
  let fd: number;
  try {
    fd = openSync(path, constants.O_WRONLY | constants.O_NOCTTY);
  } catch {
    return null;
  }
  let open = true;
  return {
    isTerminal: true,
    write: (text) => {
      if (!open) return;
      try {
        writeSync(fd, text);
      } catch {
        // The terminal went away (hang-up): the sign-in goes on, there is just nobody to show it to.
      }
    },
    close: () => {
      if (open) closeSync(fd);
      open = false;
    },
  };
}

/** Is there a controlling terminal? Opened and closed at once. */
export function hasControllingTerminal(path = TTY_PATH): boolean {
  const terminal = openControllingTerminal(path);
  terminal?.close();
  return terminal !== null;
}
