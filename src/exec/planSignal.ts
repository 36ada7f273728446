// Whether keyrack-cp exec passes a signal it receives on to COMMAND. Pure: the platform and where the signal came
// from are facts gathered by the caller (terminalForeground.ts).

import { isWindows, type Platform } from '../platform/platform.ts';

/** The signals exec takes instead of dying of them, and passes on (or not) by the rule below. */
export const EXEC_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type ExecSignal = (typeof EXEC_SIGNALS)[number];

export interface SignalFacts {
  readonly platform: Platform;
  /**
   * keyrack-cp (and so COMMAND, which stays in its process group) is in the foreground process group of a terminal:
   * a Ctrl-C there reached both at once.
   */
  readonly inTerminalForeground: boolean;
}

export function planSignal(signal: ExecSignal, facts: SignalFacts): { readonly forward: boolean; readonly why: string } {
  if (isWindows(facts.platform)) {
    // Node's kill() on Windows terminates the process outright, whatever the signal: forwarding would turn a polite
    // Ctrl-C into a kill.
    return { forward: false, why: 'Windows has no signals: Ctrl-C and closing the console reach every process of the console, COMMAND included' };
  }
  if (signal === 'SIGINT' && facts.inTerminalForeground) {
    // A second SIGINT is not the same request again to every program: terraform stops at once on the second, without
    // releasing its state lock.
    return { forward: false, why: "the terminal's Ctrl-C went to its whole foreground process group, COMMAND included: passing it on would deliver it twice" };
  }
  return { forward: true, why: signal === 'SIGINT' ? 'sent to keyrack-cp alone (kill, a script, a supervisor)' : `COMMAND must stop as keyrack-cp is asked to (a second ${signal}, from a supervisor that signals every process, asks the same again)` };
}
