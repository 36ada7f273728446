// Is this process in the foreground process group of a terminal? The fact planSignal.ts needs about a SIGINT:
// if so, the terminal's Ctrl-C reached COMMAND too.

import { readFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import type { Platform } from '../platform/platform.ts';

/**
 * Linux says exactly: /proc/self/stat holds the process group (field 5) and the terminal's foreground group (field
 * 8, -1 with no terminal). Elsewhere (macOS has no /proc, and Node no tcgetpgrp) a terminal on stdin, stdout or
 * stderr stands for it, as uv decides the same question: wrong only for a job put in the background of a terminal,
 * where a `kill -INT` then reaches keyrack-cp alone and is not passed on (SIGTERM always is).
 */
export function inTerminalForeground(platform: Platform): boolean {
  if (platform === 'linux') {
    try {
      return isForegroundStat(readFileSync('/proc/self/stat', 'utf8'));
    } catch {
      // /proc not mounted (a bare container): fall back to the terminal test.
    }
  }
  return [0, 1, 2].some((fd) => isatty(fd));
}

/** Fields are counted after the last ')': the command name in field 2 may hold spaces and parentheses. */
export function isForegroundStat(text: string): boolean {
  const fields = text.slice(text.lastIndexOf(')') + 1).trim().split(/\s+/);
  const [processGroup, terminalGroup] = [fields[5 - 3], fields[8 - 3]];
  return processGroup !== undefined && processGroup === terminalGroup && Number(terminalGroup) > 0;
}
