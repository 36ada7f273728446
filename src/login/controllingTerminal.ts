// The user's terminal when our stdio is not it: an SDK that runs us as credential_process holds our stderr until we
// exit, so a sign-in prompt written there is never seen (granted#683, aws-vault#1015). The terminal device
// (platform/promptDevice.ts: /dev/tty, or the Windows console) is the one the user is typing in, if there is one.

import { closeSync, openSync, writeSync } from 'node:fs';
import { WriteStream } from 'node:tty';
import type { PromptDevice } from '../platform/promptDevice.ts';
import type { UiOutput } from './ui.ts';

export interface Terminal extends UiOutput {
  close(): void;
}

/**
 * null without a terminal (ENXIO for /dev/tty: a daemon, a container, CI; a Windows process with no console) or
 * where the device cannot be opened.
 */
export function openControllingTerminal(device: PromptDevice): Terminal | null {
  let fd: number;
  try {
    fd = openSync(device.output, device.flags);
  } catch {
    return null;
  }
  return device.writer === 'console' ? consoleTerminal(fd) : fdTerminal(fd);
}

/** Is there a terminal to talk to? Opened and closed at once. */
export function hasControllingTerminal(device: PromptDevice): boolean {
  const terminal = openControllingTerminal(device);
  terminal?.close();
  return terminal !== null;
}

/** Bytes straight to the descriptor: a POSIX terminal takes UTF-8 and escape sequences as they are. */
function fdTerminal(fd: number): Terminal {
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

/**
 * Through a tty stream, as Node writes process.stdout to a console: libuv converts the text to UTF-16 for the
 * console and interprets the countdown's escape sequences where the console does not. Its console writes complete
 * before write() returns, so closing right after loses nothing. A descriptor that is not a console after all
 * (the stream refuses it) falls back to plain writes.
 */
function consoleTerminal(fd: number): Terminal {
  let stream: WriteStream;
  try {
    stream = new WriteStream(fd);
  } catch {
    return fdTerminal(fd);
  }
  let open = true;
  // A console that goes away must not crash the sign-in: there is just nobody to show it to.
  stream.on('error', () => (open = false));
  return {
    isTerminal: true,
    write: (text) => {
      if (open) stream.write(text);
    },
    close: () => {
      if (open) stream.destroy(); // closes fd
      open = false;
    },
  };
}
