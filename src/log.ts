// The one way diagnostics reach stderr. stdout belongs to the credential_process JSON alone.

import { printable } from './text/printable.ts';

export interface Logger {
  /** Decisions taken (files, time left, lock waits, refresh); shown only with --debug. */
  debug(message: string): void;
  /** Something the user should know on an otherwise successful run (one line each). */
  warn(message: string): void;
  /**
   * Register a secret (token, key) as soon as it is read or received. Every line written afterwards has it
   * replaced by `***`: messages are composed without secrets, and this is the net under that rule.
   */
  secret(value: string | undefined): void;
  /** Scrub registered secrets from text written elsewhere (the final error paragraph). */
  scrub(text: string): string;
}

export function createLogger(options: { debug: boolean; write: (line: string) => void }): Logger {
  const secrets = new Set<string>();
  const scrub = (text: string): string => {
    let out = text;
    for (const s of secrets) out = out.split(s).join('***');
    return out;
  };
  // Secrets scrubbed first, so a secret holding a control character is still found.
  const emit = (prefix: string, message: string) => options.write(printable(scrub(`keyrack-cp: ${prefix}${message}\n`)));
  return {
    debug: (message) => {
      if (options.debug) emit('debug: ', message);
    },
    warn: (message) => emit('warning: ', message),
    secret: (value) => {
      // Very short values would scrub ordinary words; real tokens and keys are long.
      if (value && value.length >= 8) secrets.add(value);
    },
    scrub,
  };
}

/** Minutes and seconds left, for debug lines: "14m05s", "-2m10s" when already past. */
export function formatTimeLeft(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  const total = Math.floor(Math.abs(ms) / 1000);
  const m = Math.floor(total / 60);
  const s = String(total % 60).padStart(2, '0');
  return `${sign}${m}m${s}s`;
}
