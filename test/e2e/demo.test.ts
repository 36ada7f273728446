// The newcomer's first command (`npm run demo`, after the build) must keep doing what it prints: it checks itself.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { assertBuilt, ROOT } from '../helpers/sandbox.ts';

test('scripts/demo.mjs runs every step as described and exits 0', () => {
  assertBuilt();
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'demo.mjs')], { encoding: 'utf8', env: { PATH: process.env.PATH }, timeout: 60_000 });
  expect(r.stdout).not.toContain('The demo did not go as described');
  expect(r.stdout).toContain('GetRoleCredentials calls seen by the emulator for this run: 0');
  expect(r.stdout).toContain('CreateToken calls seen by the emulator: 1;');
  expect([r.status, r.stderr]).toEqual([0, '']);
}, 70_000);
