// openTerminalPrompt on a real pseudo-terminal (test/helpers/run_with_tty.py): questions on /dev/tty and answers read
// from it while stdin is /dev/null and stdout a pipe, line by line, the input's end (Ctrl-D) seen; and no prompt at all
// without a controlling terminal.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { beforeAll, expect, test } from 'vitest';
import { pythonExecutable } from '../helpers/python.ts';
import { ROOT } from '../helpers/sandbox.ts';

let script: string;
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'krcp-prompt-'));
  const entry = join(dir, 'entry.ts');
  // Asks with askUntil until the input ends, then reports the answers on stdout.
  writeFileSync(
    entry,
    `import { askUntil } from ${JSON.stringify(join(ROOT, 'src/cli/askUntil.ts'))};
     import { openTerminalPrompt } from ${JSON.stringify(join(ROOT, 'src/cli/terminalPrompt.ts'))};
     import { getPromptDevice } from ${JSON.stringify(join(ROOT, 'src/platform/promptDevice.ts'))};
     const prompt = openTerminalPrompt(getPromptDevice('linux'));
     const answers = [];
     let ended = null;
     if (prompt) {
       try {
         answers.push(askUntil(prompt, 'SSO region', (a) => (/^[a-z]{2}-[a-z]+-\\d$/.test(a) ? { ok: a } : { why: \`'\${a}' is not a region\` })));
         for (;;) answers.push(askUntil(prompt, 'Next', (a) => ({ ok: a }), 'dflt'));
       } catch (error) {
         ended = error.exitCode;
       }
       prompt.close();
     }
     process.stdout.write(JSON.stringify({ prompt: prompt !== null, answers, ended }));
     process.exit(0);`,
  );
  script = join(dir, 'entry.cjs');
  buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: script, logLevel: 'silent' });
});

function onTerminal(typed: string) {
  const run = spawnSync(pythonExecutable(), [join(ROOT, 'test', 'helpers', 'run_with_tty.py'), process.execPath, script], { encoding: 'utf8', input: typed, timeout: 20_000 });
  expect(run.status, run.stderr).toBe(0);
  const events = run.stdout.trim().split('\n').map((l) => JSON.parse(l) as { tty?: string; exit?: number; stdout?: string; stderr?: string });
  const end = events.at(-1)!;
  return { tty: events.map((e) => e.tty ?? '').join(''), exit: end.exit, stderr: end.stderr, result: JSON.parse(end.stdout!) };
}

test('answers are read line by line from the terminal; a bad one is asked again; an empty line takes the default; Ctrl-D ends', () => {
  // Typed ahead, as a fast typist or a paste does: the terminal holds the lines until they are read.
  const r = onTerminal('EU West\neu-west-1\n  two words \n\nlast\x04\x04\x04');
  expect([r.exit, r.stderr]).toEqual([0, '']);
  // "last" ends with Ctrl-D instead of a newline: still an answer; the next Ctrl-D on an empty line is the end.
  expect(r.result).toEqual({ prompt: true, answers: ['eu-west-1', 'two words', 'dflt', 'last'], ended: 1 });
  // What the user saw: the questions, the reason, the echo of what was typed (the terminal's own, with \r\n).
  expect(r.tty).toContain('SSO region: ');
  expect(r.tty).toContain("  'EU West' is not a region.\r\n");
  expect(r.tty).toContain('Next [dflt]: ');
  expect(r.tty.match(/SSO region: /g)).toHaveLength(2);
  expect(r.tty.match(/Next \[dflt\]: /g)).toHaveLength(4);
});

test('without a controlling terminal (a new session, as in CI or a container): no prompt', () => {
  const run = spawnSync('setsid', ['--wait', process.execPath, script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(run.status, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual({ prompt: false, answers: [], ended: null });
});
