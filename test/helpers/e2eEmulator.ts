// The emulator an end-to-end test file shares, with the hooks every such file needs: started once (after checking
// the artifacts are built), reset before each test, the secrets audit after each, closed at the end.

import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/index.ts';
import { auditSandboxes } from './audit.ts';
import { assertBuilt } from './sandbox.ts';

/**
 * Call at the top of a test file. The returned object stands for the emulator once `beforeAll` has started it
 * (a file's own hooks registered after this call run after these).
 */
export function useE2eEmulator(): Emulator {
  let emu: Emulator | undefined;
  beforeAll(async () => {
    assertBuilt();
    emu = await startEmulator();
  });
  beforeEach(() => running().reset());
  afterEach(() => auditSandboxes(running()));
  afterAll(() => emu?.close());

  const running = () => {
    if (!emu) throw new Error('the emulator is used before beforeAll started it');
    return emu;
  };
  return new Proxy({} as Emulator, {
    get(_target, key) {
      const value = Reflect.get(running(), key);
      return typeof value === 'function' ? value.bind(running()) : value;
    },
  });
}
