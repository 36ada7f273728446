// The one error type: its fields decide the exit code and the remedy the user reads.

/** Exit codes are part of the contract (README "Exit codes"). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1; // network, service, file-system and anything unexpected
export const EXIT_CONFIG = 2; // configuration or usage error, legacy config included
export const EXIT_LOGIN = 3; // no token, expired and not refreshable, or the service rejects the token
// `exec` only, the shells' own codes for a command that could not be started, so a script that runs
// `keyrack-cp exec -- X` tells "X is missing" from X's own failures as it would without keyrack-cp.
export const EXIT_CANNOT_RUN = 126; // found, but not executable
export const EXIT_NOT_FOUND = 127; // not found (on PATH, or the path given)

export type ErrorExitCode = typeof EXIT_FAILURE | typeof EXIT_CONFIG | typeof EXIT_LOGIN | typeof EXIT_CANNOT_RUN | typeof EXIT_NOT_FOUND;

/**
 * `subject` names what the error is about ("profile 'dev'", "sso-session 'acme'", "/home/u/.aws/config line 4"),
 * `problem` says what is wrong, `remedy` says what to do, ideally as the exact command.
 * None of them may ever contain a secret.
 */
export class KeyrackError extends Error {
  constructor(
    readonly exitCode: ErrorExitCode,
    readonly subject: string,
    readonly problem: string,
    readonly remedy: string,
  ) {
    super(`${subject}: ${problem}`);
    this.name = 'KeyrackError';
  }

  /** The one paragraph printed on stderr, after the `keyrack-cp: ` prefix. */
  describe(): string {
    // A loop, not /[.\s]+$/: the problem may quote a config value, and that regexp is quadratic in a run of dots
    // and spaces that does not end the text.
    let end = this.problem.length;
    while (end > 0 && /[.\s]/.test(this.problem[end - 1]!)) end--;
    const problem = this.problem.slice(0, end);
    return this.remedy ? `${this.subject}: ${problem}. ${this.remedy}` : `${this.subject}: ${problem}.`;
  }
}

export const configError = (subject: string, problem: string, remedy: string) =>
  new KeyrackError(EXIT_CONFIG, subject, problem, remedy);
export const loginNeeded = (subject: string, problem: string, remedy: string) =>
  new KeyrackError(EXIT_LOGIN, subject, problem, remedy);
export const failure = (subject: string, problem: string, remedy: string) =>
  new KeyrackError(EXIT_FAILURE, subject, problem, remedy);
