// Golden files: the exact bytes an edit must produce, reviewed by a person and committed. KEYRACK_UPDATE_GOLDEN=1
// rewrites them (then review the git diff); otherwise a missing or different golden fails the test.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

export function expectGolden(path: string, actual: string): void {
  if (process.env.KEYRACK_UPDATE_GOLDEN === '1') writeFileSync(path, actual);
  if (!existsSync(path)) throw new Error(`${path} is missing: run with KEYRACK_UPDATE_GOLDEN=1 and review it`);
  // Compared as bytes made visible, so a lost \r or final newline shows in the failure.
  const show = (s: string) => JSON.stringify(s).replace(/\\n/g, '\\n\n');
  expect(show(actual)).toBe(show(readFileSync(path, 'utf8')));
}
