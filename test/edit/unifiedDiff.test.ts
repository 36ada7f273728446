// unifiedDiff: GNU patch applies what it prints (CRLF, missing final newlines, random edits), and for simple
// changes it prints what GNU diff -u prints.

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { maskSecret, unifiedDiff } from '../../src/edit/unifiedDiff.ts';

const work = mkdtempSync(join(tmpdir(), 'krcp-diff-'));

/** Applies the diff to `before` with the real patch(1) and returns the result. */
function applyWithPatch(before: string, diff: string): string {
  const file = join(work, 'file');
  writeFileSync(file, before);
  const r = spawnSync('patch', ['--quiet', '--force', '--no-backup-if-mismatch', file], { input: diff });
  if (r.status !== 0) throw new Error(`patch failed: ${r.stdout}${r.stderr}\n${diff}`);
  return readFileSync(file, 'utf8');
}

function gnuDiff(before: string, after: string): string {
  writeFileSync(join(work, 'a'), before);
  writeFileSync(join(work, 'b'), after);
  const r = spawnSync('diff', ['-u', '--label', 'a', '--label', 'b', join(work, 'a'), join(work, 'b')], { encoding: 'utf8' });
  return r.stdout;
}

test.each<[string, string, string]>([
  ['one line changed', 'a\nb\nc\n', 'a\nB\nc\n'],
  ['lines added at the end', 'a\nb\n', 'a\nb\nc\nd\n'],
  ['lines added at the top', 'a\nb\n', 'x\na\nb\n'],
  ['a line removed', 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n', 'a\nb\nc\nd\nf\ng\nh\ni\nj\n'],
  ['two far apart changes make two hunks', 'a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nm\n', 'A\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\nM\n'],
  ['a missing final newline added', 'a\nb', 'a\nb\n'],
  ['a missing final newline kept', 'a\nb', 'a\nB'],
  ['CRLF lines', 'a\r\nb\r\nc\r\n', 'a\r\nB\r\nc\r\n'],
  ['from empty', '', 'a\n'],
])('same as GNU diff -u: %s', (_rule, before, after) => {
  expect(unifiedDiff(before, after, { from: 'a', to: 'b' })).toBe(gnuDiff(before, after));
});

test('identical texts give no diff', () => {
  expect(unifiedDiff('a\nb\n', 'a\nb\n', { from: 'a', to: 'b' })).toBe('');
});

test('patch turns each migration fixture into its golden result with the diff', () => {
  const dir = resolve(import.meta.dirname, '../fixtures/migrate');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.config'))) {
    const before = readFileSync(join(dir, f), 'utf8');
    const after = readFileSync(join(dir, f.replace(/\.config$/, '.migrated')), 'utf8');
    if (before === after) continue;
    expect(applyWithPatch(before, unifiedDiff(before, after, { from: 'a', to: 'b' }))).toBe(after);
  }
});

test('patch applies 300 seeded random edits of files with mixed line endings', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const words = ['[profile a]', 'region = x', '', '# c', 'sso_region = y', '  nested = 1', 'a', 'b'];
  const endings = ['\n', '\n', '\n', '\r\n'];
  const make = (n: number) => Array.from({ length: n }, () => pick(words) + pick(endings)).join('') + (random() < 0.3 ? pick(words) || 'x' : '');
  for (let i = 0; i < 300; i++) {
    const before = make(Math.floor(random() * 25));
    const lines = before.split(/(?<=\n)/);
    const after = lines
      .flatMap((l) => (random() < 0.15 ? [] : random() < 0.15 ? [l, pick(words) + pick(endings)] : random() < 0.1 ? [pick(words) + '\n'] : [l]))
      .join('') + (random() < 0.2 ? 'tail' : '');
    const diff = unifiedDiff(before, after, { from: 'a', to: 'b' });
    expect(before === after ? diff : applyWithPatch(before, diff)).toBe(before === after ? '' : after);
  }
});

test.each<[string, string]>([
  ['aws_secret_access_key = wJalrXUtnFEMI/K7MDENG', 'aws_secret_access_key = ***'],
  ['  AWS_Session_Token: IQoJb3Jp\r', '  AWS_Session_Token: ***\r'],
  ['sso_start_url = https://acme.awsapps.com/start', 'sso_start_url = https://acme.awsapps.com/start'],
  ['region = us-east-1', 'region = us-east-1'],
  ['# my token is not a key', '# my token is not a key'],
])('the dry-run diff masks secret values: %j', (line, shown) => {
  expect(maskSecret(line)).toBe(shown);
});

test('diff and patch are the real tools', () => {
  expect(execFileSync('patch', ['--version'], { encoding: 'utf8' })).toMatch(/GNU patch/);
});
