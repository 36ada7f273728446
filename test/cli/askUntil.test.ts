// askUntil: an answer is asked again until it passes its check, with the reason shown; a default for an empty line;
// the input ending cancels. The prompt is a plain object holding the lines a user would type.

import { expect, test } from 'vitest';
import { askUntil, type Check } from '../../src/cli/askUntil.ts';
import type { TerminalPrompt } from '../../src/cli/terminalPrompt.ts';
import { configError, KeyrackError } from '../../src/errors.ts';

function typed(lines: (string | null)[]): TerminalPrompt & { shown: string } {
  const prompt = {
    shown: '',
    terminal: { isTerminal: true, write: (text: string) => void (prompt.shown += text), close: () => undefined },
    ask: (question: string) => {
      prompt.shown += question;
      const line = lines.shift();
      if (line === undefined) throw new Error('asked more often than the test typed');
      if (line !== null) prompt.shown += `${line}\n`; // the terminal's echo
      return line;
    },
    close: () => undefined,
  };
  return prompt;
}

const region: Check<string> = (answer) => (/^[a-z]{2}-[a-z]+-\d$/.test(answer) ? { ok: answer } : { why: `'${answer}' is not an AWS region name` });

test('asked again, with the reason, until the check passes; the answer trimmed', () => {
  const prompt = typed(['EU West', '', '  eu-west-1  ']);
  expect(askUntil(prompt, 'SSO region', region)).toBe('eu-west-1');
  expect(prompt.shown).toBe("SSO region: EU West\n  'EU West' is not an AWS region name.\nSSO region: \n  an answer is needed.\nSSO region:   eu-west-1  \n");
});

test('an empty line takes the default shown in brackets', () => {
  const prompt = typed(['']);
  expect(askUntil(prompt, 'SSO registration scopes', (a) => ({ ok: a }), 'sso:account:access')).toBe('sso:account:access');
  expect(prompt.shown).toBe('SSO registration scopes [sso:account:access]: \n');
});

test('a check that throws a KeyrackError is a reason too; any other error is not swallowed', () => {
  const prompt = typed(['prod', 'prod-2']);
  const check: Check<string> = (a) => {
    if (a === 'prod') throw configError("profile 'prod'", 'already exists with other values', 'Pass --force.');
    return { ok: a };
  };
  expect(askUntil(prompt, 'Profile name', check)).toBe('prod-2');
  expect(prompt.shown).toContain("\n  profile 'prod': already exists with other values.\n");
  expect(() => askUntil(typed(['x']), 'Q', () => { throw new TypeError('bug'); })).toThrow(TypeError);
});

test('control characters in a reason are shown as escapes', () => {
  const prompt = typed(['\x1b[2J', 'ok']);
  askUntil(prompt, 'Q', (a) => (a === 'ok' ? { ok: a } : { why: `'${a}' is wrong` }));
  expect(prompt.shown).toContain("  '\\x1b[2J' is wrong.\n");
});

test('the input ending (Ctrl-D) cancels: exit 1, saying nothing was written', () => {
  const prompt = typed([null]);
  let error: unknown;
  try {
    askUntil(prompt, 'SSO session name', (a) => ({ ok: a }));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(KeyrackError);
  expect((error as KeyrackError).exitCode).toBe(1);
  expect((error as KeyrackError).describe()).toBe('terminal: the input ended before every question was answered, so nothing was written. Run the command again, or give every answer as a flag.');
});
