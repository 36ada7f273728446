// What main reads from the environment once for every command: a KEYRACK_CP_AUTO_LOGIN that is neither on nor off is
// the same usage error (exit 2, one paragraph, nothing on stdout) whichever command runs, and --help still answers;
// with no HOME, `~` is os.homedir(), which the entry loads only then.

import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { tokenCacheJson } from '../emulator/index.ts';
import { ARTIFACTS, Sandbox, START_URL } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';

const emu = useE2eEmulator();

const COMMAND_LINES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['the credential process', ['--profile', 'dev']],
  ['login', ['login', '--sso-session', 'acme', '--use-device-code']],
  ['logout', ['logout', '--sso-session', 'acme']],
  ['status', ['status']],
  ['export', ['export', '--profile', 'dev']],
  ['write-credentials', ['write-credentials', '--profile', 'dev']],
  ['exec', ['exec', '--profile', 'dev', '--', 'true']],
  ['serve', ['serve', '--profile', 'dev']],
  ['migrate', ['migrate', '--dry-run']],
  ['configure', ['configure', '--sso-session', 'acme', '--start-url', START_URL, '--region', 'us-east-1', '--account', '111122223333', '--role', 'ReadOnly', '--profile', 'new']],
  ['populate', ['populate', '--dry-run']],
  ['console', ['console', '--profile', 'dev', '--print']],
];

describe.each(ARTIFACTS)('%s', (_name, cmd) => {
  test.each(COMMAND_LINES)('%s: KEYRACK_CP_AUTO_LOGIN=ture is exit 2, not a silent "off"', async (_what, args) => {
    const box = new Sandbox(emu.url);
    box.writeToken(tokenCacheJson(emu.seedLogin({ startUrl: START_URL }), { startUrl: START_URL, region: 'us-east-1' }));
    const r = await box.run(cmd, args, { KEYRACK_CP_AUTO_LOGIN: 'ture' });
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      "keyrack-cp: environment: KEYRACK_CP_AUTO_LOGIN='ture' is neither on (1, true, yes, on) nor off (0, false, no, off). Set KEYRACK_CP_AUTO_LOGIN=1 or unset it.\n",
    );
    expect(emu.calls).toEqual([]);
  });

  test.each(COMMAND_LINES)('%s --help answers whatever the environment holds', async (_what, args) => {
    const box = new Sandbox(emu.url);
    const r = await box.run(cmd, [...(args[0]!.startsWith('-') ? [] : [args[0]!]), '--help'], { KEYRACK_CP_AUTO_LOGIN: 'ture' });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage:/);
  });

  test('no HOME (nor USERPROFILE): ~ is os.homedir(), the user database\'s, loaded only then', async () => {
    const box = new Sandbox(emu.url);
    // The config named outright, so that nothing of this machine's own ~/.aws is read.
    const r = await box.run(cmd, ['--profile', 'keyrack-test-none', '--debug'], { HOME: undefined, AWS_CONFIG_FILE: join(box.home, 'missing-config') });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`keyrack-cp: debug: home ${homedir()} (from os.homedir())\n`);
    expect(r.stderr).toMatch(/profile 'keyrack-test-none': is not defined/);
  });
});
