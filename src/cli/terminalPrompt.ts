// Questions on the user's terminal: asked on the controlling terminal (/dev/tty; the console on Windows) and answered
// there, so stdout stays the command's product and stderr its diagnostics, and a command whose output is piped can
// still ask. None without a terminal (CI, a container, a daemon): the caller then needs every answer from flags.

import { closeSync, openSync, readSync } from 'node:fs';
import { openControllingTerminal, type Terminal } from '../login/controllingTerminal.ts';
import type { PromptDevice } from '../platform/promptDevice.ts';

export interface TerminalPrompt {
  /** Where text for the user goes (also the sign-in's URL and code). */
  readonly terminal: Terminal;
  /** Shows `question`, returns the line typed (without its line ending), or null when the input ends (Ctrl-D). */
  ask(question: string): string | null;
  close(): void;
}

/**
 * The terminal is left in its own line mode: it echoes and edits the line, Ctrl-C interrupts (before anything is
 * written: every command that asks writes at the end), and a read returns once a whole line is typed.
 */
export function openTerminalPrompt(device: PromptDevice): TerminalPrompt | null {
  const terminal = openControllingTerminal(device);
  if (!terminal) return null;
  let input: number;
  try {
    input = openSync(device.input, 'r');
  } catch {
    terminal.close();
    return null;
  }
  let pending = '';
  const buffer = Buffer.alloc(4096);
  return {
    terminal,
    ask(question) {
      terminal.write(question);
      for (;;) {
        const newline = pending.indexOf('\n');
        if (newline >= 0) {
          const line = pending.slice(0, newline).replace(/\r$/, '');
          pending = pending.slice(newline + 1);
          return line;
        }
        let read = 0;
        try {
          read = readSync(input, buffer, 0, buffer.length, null);
        } catch (error) {
          // EIO: the terminal hung up, so no answer will come. EAGAIN: a terminal another program left non-blocking:
          // nothing typed yet, so wait a moment rather than spin.
          if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return null;
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
          continue;
        }
        if (read === 0) {
          // The input ended: a last line without its newline is still an answer; nothing at all is none.
          const last = pending;
          pending = '';
          return last === '' ? null : last;
        }
        pending += buffer.toString('utf8', 0, read);
      }
    },
    close() {
      closeSync(input);
      terminal.close();
    },
  };
}
