// scripts/package.mjs refuses to make a release from a dist/ that lacks an executable or holds one of the wrong
// format, and then writes nothing. Run from a copy of the scripts in a temporary root, so the real dist/ is untouched.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { executableName, TARGETS } from '../../scripts/lib/targets.mjs';
import { ROOT } from '../helpers/sandbox.ts';

let root = '';
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A project root with the scripts, package.json, README.md and LICENSE, and dist/ holding `executables`. */
function projectWith(executables: ReadonlyArray<readonly [string, string]>) {
  root = mkdtempSync(join(tmpdir(), 'krcp-refuse-'));
  for (const f of ['scripts', 'package.json', 'README.md', 'LICENSE']) cpSync(join(ROOT, f), join(root, f), { recursive: true });
  mkdirSync(join(root, 'dist'));
  for (const [name, from] of executables) symlinkSync(from, join(root, 'dist', name));
  return spawnSync(process.execPath, [join(root, 'scripts', 'package.mjs')], { cwd: root, encoding: 'utf8' });
}

test('no executables: exit 2, every missing one named, the command that makes them, no release written', () => {
  const r = projectWith([]);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`package: ${TARGETS.map((t) => `dist/${executableName(t)}`).join(', ')} are missing: run npm run build:all (npm run package does).\n`);
  expect(existsSync(join(root, 'dist', 'release'))).toBe(false);
});

test('the linux-x64 executable under every target name: exit 2 at the first wrong CPU, before any archive is written', () => {
  const x64 = join(ROOT, 'dist', 'keyrack-cp-linux-x64');
  expect(existsSync(x64), 'dist/keyrack-cp-linux-x64 is not built').toBe(true);
  const r = projectWith(TARGETS.map((t) => [executableName(t), x64] as const));
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe('package: dist/keyrack-cp-linux-arm64: ELF machine 62, not aarch64 (183).\n');
  expect(existsSync(join(root, 'dist', 'release'))).toBe(false);
});
