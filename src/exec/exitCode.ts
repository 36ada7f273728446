// keyrack-cp exec's exit code from how COMMAND ended. Pure: the signal numbers are the platform's, passed in.

export interface ChildEnd {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * COMMAND's own code; if a signal ended it, 128 + the signal's number, as sh, bash and zsh report it, so a script
 * around keyrack-cp exec sees what it would have seen without it. Numbers differ by platform (SIGUSR1 is 10 on Linux,
 * 30 on macOS): `signalNumbers` is os.constants.signals of the machine COMMAND ran on.
 */
export function exitCodeOf(end: ChildEnd, signalNumbers: Readonly<Partial<Record<string, number>>>): { readonly code: number; readonly why: string } {
  if (end.code !== null) return { code: end.code, why: `COMMAND exited with ${end.code}` };
  if (end.signal !== null) {
    const number = signalNumbers[end.signal];
    if (number !== undefined) return { code: 128 + number, why: `COMMAND was ended by ${end.signal}: 128 + ${number}, as a shell reports it` };
    return { code: 1, why: `COMMAND was ended by ${end.signal}, whose number this platform does not know` };
  }
  return { code: 1, why: 'COMMAND ended with neither an exit code nor a signal' };
}
