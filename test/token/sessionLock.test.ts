import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { KeyrackError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import { withSessionLock } from '../../src/token/sessionLock.ts';

const log = createLogger({ debug: false, write: () => undefined });

test('the work learns whether it waited; onWait is told once; a custom wait bounds the wait', async () => {
  const target = join(mkdtempSync(join(tmpdir(), 'krcp-lock-')), 'token.json');
  const held: boolean[] = [];
  let told = 0;
  let releaseFirst!: () => void;
  const first = withSessionLock(target, 's', log, async (h) => {
    held.push(h.waited);
    await new Promise<void>((r) => (releaseFirst = r));
  });
  await new Promise((r) => setTimeout(r, 50));
  const second = withSessionLock(target, 's', log, async (h) => void held.push(h.waited), { onWait: () => told++ });
  const third = withSessionLock(target, 's', log, async () => 'never', { waitMs: 300 }).catch((e: KeyrackError) => e);
  const timedOut = await third;
  expect(timedOut).toBeInstanceOf(KeyrackError);
  expect((timedOut as KeyrackError).describe()).toMatch(/has held the lock .*token\.json\.lock for more than \d+ seconds/);
  releaseFirst();
  await Promise.all([first, second]);
  expect(held).toEqual([false, true]);
  expect(told).toBe(1);
});
