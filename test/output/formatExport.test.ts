// formatExport: the AWS CLI's lines for ordinary values, literal values for any other, proved by evaluating them in
// real shells (bash, zsh and dash as /bin/sh for env; fish for fish; scripts/ensure-test-tools.mjs installs them).

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { KeyrackError } from '../../src/errors.ts';
import { formatExport, quoteFish, quotePowerShell, type ExportFormat } from '../../src/output/formatExport.ts';
import { quotePosix } from '../../src/text/quotePosix.ts';
import type { RoleCredentials } from '../../src/credentials/roleCredentials.ts';

const creds = (over: Partial<RoleCredentials> = {}): RoleCredentials => ({
  accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCY+EXAMPLE',
  sessionToken: 'IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==',
  expiration: new Date('2026-11-22T13:00:00.456Z'),
  accountId: '111122223333',
  ...over,
});

test.each<[ExportFormat, string]>([
  ['process', '{"Version":1,"AccessKeyId":"ASIAEXAMPLEEXAMPLE01","SecretAccessKey":"wJalrXUtnFEMI/K7MDENG/bPxRfiCY+EXAMPLE","SessionToken":"IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==","Expiration":"2026-11-22T13:00:00Z","AccountId":"111122223333"}\n'],
  ['env', 'export AWS_ACCESS_KEY_ID=ASIAEXAMPLEEXAMPLE01\nexport AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCY+EXAMPLE\nexport AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==\nexport AWS_CREDENTIAL_EXPIRATION=2026-11-22T13:00:00Z\n'],
  ['env-no-export', 'AWS_ACCESS_KEY_ID=ASIAEXAMPLEEXAMPLE01\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCY+EXAMPLE\nAWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==\nAWS_CREDENTIAL_EXPIRATION=2026-11-22T13:00:00Z\n'],
  ['powershell', '$Env:AWS_ACCESS_KEY_ID="ASIAEXAMPLEEXAMPLE01"\n$Env:AWS_SECRET_ACCESS_KEY="wJalrXUtnFEMI/K7MDENG/bPxRfiCY+EXAMPLE"\n$Env:AWS_SESSION_TOKEN="IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ=="\n$Env:AWS_CREDENTIAL_EXPIRATION="2026-11-22T13:00:00Z"\n'],
  ['windows-cmd', 'set AWS_ACCESS_KEY_ID=ASIAEXAMPLEEXAMPLE01\nset AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCY+EXAMPLE\nset AWS_SESSION_TOKEN=IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ==\nset AWS_CREDENTIAL_EXPIRATION=2026-11-22T13:00:00Z\n'],
  ['fish', 'set -gx AWS_ACCESS_KEY_ID "ASIAEXAMPLEEXAMPLE01"\nset -gx AWS_SECRET_ACCESS_KEY "wJalrXUtnFEMI/K7MDENG/bPxRfiCY+EXAMPLE"\nset -gx AWS_SESSION_TOKEN "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ=="\nset -gx AWS_CREDENTIAL_EXPIRATION "2026-11-22T13:00:00Z"\n'],
])('%s: the AWS CLI’s lines for ordinary credentials', (format, expected) => {
  expect(formatExport(creds(), format)).toBe(expected);
});

/** Values a hostile or broken server could send: each must come out of the shell exactly, and run nothing. */
const NASTY = [
  "it's",
  'a b\tc',
  '$(touch PWNED)',
  '`touch PWNED`',
  '"; touch PWNED; "',
  "'; touch PWNED; '",
  'line1\nline2',
  '\\back\\slash\\',
  '=starts-with-equals',
  '~/tilde',
  '*glob?[x]',
  '!history',
  '%PATH%',
  '$HOME ${HOME}',
  'ünïcødé',
  '',
];

describe.each([
  ['bash', ['bash', '-c']],
  ['zsh', ['zsh', '-c']],
  ['dash (/bin/sh)', ['dash', '-c']],
])('evaluated by %s', (_name, shell) => {
  /** Runs `script` with `arg` as $1, in an empty directory (so a command that ran would leave a file). */
  function evaluate(script: string, arg = ''): string {
    const cwd = mkdtempSync(join(tmpdir(), 'krcp-shell-'));
    const r = spawnSync(shell[0]!, [shell[1]!, script, 'sh', arg], { encoding: 'utf8', cwd, env: { PATH: process.env.PATH, HOME: '/nonexistent' } });
    if (r.status !== 0) throw new Error(`${shell[0]} failed: ${r.stderr}`);
    return r.stdout;
  }

  test.each(NASTY)('env: %j comes back exactly', (value) => {
    const lines = formatExport(creds({ secretAccessKey: value }), 'env');
    const out = evaluate(`eval "$1"; printf '%s' "$AWS_SECRET_ACCESS_KEY"; if [ -e PWNED ]; then echo RAN; fi`, lines);
    expect(out).toBe(value);
  });

  test('env exports to child processes; env-no-export sets but does not export', () => {
    const c = creds();
    const exported = evaluate(`${formatExport(c, 'env')}\nenv | grep '^AWS_' | sort`);
    expect(exported).toBe(
      [`AWS_ACCESS_KEY_ID=${c.accessKeyId}`, 'AWS_CREDENTIAL_EXPIRATION=2026-11-22T13:00:00Z', `AWS_SECRET_ACCESS_KEY=${c.secretAccessKey}`, `AWS_SESSION_TOKEN=${c.sessionToken}`].join('\n') + '\n',
    );
    const local = evaluate(`${formatExport(c, 'env-no-export')}\nprintf '%s|' "$AWS_ACCESS_KEY_ID"; env | grep -c '^AWS_' || true`);
    expect(local).toBe(`${c.accessKeyId}|0\n`);
  });
});

describe('evaluated by fish', () => {
  /**
   * Sources `lines` (handed over in the environment: fish -c takes no positional arguments) in an empty directory,
   * in a UTF-8 locale as a user's terminal has: in the C locale fish reads UTF-8 bytes one by one.
   */
  function source(lines: string, after: string): string {
    const cwd = mkdtempSync(join(tmpdir(), 'krcp-shell-'));
    const script = `printf '%s' "$KRCP_LINES" | source; ${after}`;
    const r = spawnSync('fish', ['--no-config', '-c', script], { encoding: 'utf8', cwd, env: { PATH: process.env.PATH, HOME: '/nonexistent', KRCP_LINES: lines, LC_ALL: 'C.UTF-8' } });
    if (r.status !== 0) throw new Error(`fish failed: ${r.stderr}`);
    return r.stdout;
  }

  test.each(NASTY)('fish: %j comes back exactly', (value) => {
    const out = source(formatExport(creds({ secretAccessKey: value }), 'fish'), `printf '%s' "$AWS_SECRET_ACCESS_KEY"; if test -e PWNED; echo RAN; end`);
    expect(out).toBe(value);
  });

  test('fish exports all four to child processes', () => {
    const c = creds();
    expect(source(formatExport(c, 'fish'), "env | grep '^AWS_' | sort")).toBe(
      [`AWS_ACCESS_KEY_ID=${c.accessKeyId}`, 'AWS_CREDENTIAL_EXPIRATION=2026-11-22T13:00:00Z', `AWS_SECRET_ACCESS_KEY=${c.secretAccessKey}`, `AWS_SESSION_TOKEN=${c.sessionToken}`].join('\n') + '\n',
    );
  });
});

test.each<[string, string]>([
  ['ASIA/+=x', 'ASIA/+=x'],
  ['a b', "'a b'"],
  ["it's", "'it'\\''s'"],
  ['=x', "'=x'"],
  ['', "''"],
])('quotePosix(%j)', (value, quoted) => {
  expect(quotePosix(value)).toBe(quoted);
});

test.each<[string, string]>([
  ['plain', '"plain"'],
  ['a"b', '"a\\"b"'],
  ['$(x) \\', '"\\$(x) \\\\"'],
])('quoteFish(%j)', (value, quoted) => {
  expect(quoteFish(value)).toBe(quoted);
});

test.each<[string, string]>([
  ['plain/+=', '"plain/+="'],
  ['$env:x', "'$env:x'"],
  ['`n', "'`n'"],
  ["it's \u201cq\u201d", "'it''s \u201cq\u201d'"],
  ['\u2018x\u2019', '"\u2018x\u2019"'],
  ["\u201cq\u201d \u2018x\u2019", "'\u201cq\u201d \u2018\u2018x\u2019\u2019'"],
])('quotePowerShell(%j)', (value, quoted) => {
  expect(quotePowerShell(value)).toBe(quoted);
});

test.each<[string, string]>([
  ['a&b|c<d>e^(f)', 'set "AWS_SECRET_ACCESS_KEY=a&b|c<d>e^(f)"\n'],
  ['with space', 'set "AWS_SECRET_ACCESS_KEY=with space"\n'],
])('windows-cmd quotes %j', (value, line) => {
  expect(formatExport(creds({ secretAccessKey: value }), 'windows-cmd').split('\n')[1] + '\n').toBe(line);
});

test.each(['100%', 'bang!', 'q"q', 'two\nlines'])('windows-cmd refuses %j (exit 1) and never shows the value', (value) => {
  try {
    formatExport(creds({ secretAccessKey: value }), 'windows-cmd');
    expect.unreachable();
  } catch (error) {
    expect(error).toBeInstanceOf(KeyrackError);
    expect((error as KeyrackError).exitCode).toBe(1);
    expect((error as KeyrackError).describe()).toMatch(/AWS_SECRET_ACCESS_KEY holds a character .* Use --format powershell instead\.$/);
    expect((error as KeyrackError).describe()).not.toContain(value);
  }
});
