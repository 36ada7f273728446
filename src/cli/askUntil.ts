// One question asked until its answer passes the check, which says what is wrong with any other: the rule is the
// caller's (the credential path's own, mostly), the asking is here.

import { failure, KeyrackError } from '../errors.ts';
import { printable } from '../text/printable.ts';
import type { TerminalPrompt } from './terminalPrompt.ts';

/**
 * What an answer becomes, or why it cannot be that (a sentence without its final stop). The check may also throw a
 * KeyrackError (a plan refusing the answer): its subject and problem are shown and the question asked again.
 */
export type Check<T> = (answer: string) => { readonly ok: T } | { readonly why: string };

/**
 * The answer is trimmed (a terminal line may carry the spaces of a paste). `fallback` is what an empty line gives,
 * shown in brackets as `aws configure sso` shows its defaults. The input ending (Ctrl-D) cancels, exit 1: every
 * command that asks writes only after its last question, so nothing has been written.
 */
export function askUntil<T>(prompt: TerminalPrompt, question: string, check: Check<T>, fallback?: string): T {
  for (;;) {
    const typed = prompt.ask(fallback === undefined || fallback === '' ? `${question}: ` : `${question} [${fallback}]: `);
    if (typed === null) {
      prompt.terminal.write('\n');
      throw failure('terminal', 'the input ended before every question was answered, so nothing was written', 'Run the command again, or give every answer as a flag.');
    }
    const answer = typed.trim() === '' && fallback !== undefined ? fallback : typed.trim();
    let result: { ok: T } | { why: string };
    try {
      result = answer === '' ? { why: 'an answer is needed' } : check(answer);
    } catch (error) {
      if (!(error instanceof KeyrackError)) throw error;
      result = { why: `${error.subject}: ${error.problem}` };
    }
    if ('ok' in result) return result.ok;
    // The reason may quote the answer, control characters and all: shown, never interpreted by the terminal.
    prompt.terminal.write(`  ${printable(result.why)}.\n`);
  }
}
