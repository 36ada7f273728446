// Runs the emulator on its own: prints {"url":"http://127.0.0.1:PORT"} as one line on stdout, then serves until
// SIGINT or SIGTERM. Other processes drive it through /__emulator/ (see control.ts). Bundled to dist/emulator.cjs,
// so no top-level await and no import.meta.

import { parseArgs } from 'node:util';
import { startEmulator, type Emulator, type EmulatorOptions } from './server.ts';

const USAGE = 'usage: emulator [--port N] [--access-token-ttl-seconds N] [--role-credential-ttl-seconds N] [--device-interval-seconds N]';

function numberFlag(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || value.trim() === '') throw new Error(`--${name} must be a number, got '${value}'`);
  return n;
}

function parseOptions(argv: string[]): EmulatorOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'access-token-ttl-seconds': { type: 'string' },
      'role-credential-ttl-seconds': { type: 'string' },
      'device-interval-seconds': { type: 'string' },
    },
    strict: true,
  });
  const opts: EmulatorOptions = {};
  const set = <K extends keyof EmulatorOptions>(key: K, flag: keyof typeof values) => {
    const n = numberFlag(values[flag], flag);
    if (n !== undefined) opts[key] = n as EmulatorOptions[K];
  };
  set('port', 'port');
  set('accessTokenTtlSeconds', 'access-token-ttl-seconds');
  set('roleCredentialTtlSeconds', 'role-credential-ttl-seconds');
  set('deviceIntervalSeconds', 'device-interval-seconds');
  return opts;
}

async function main(): Promise<void> {
  let opts: EmulatorOptions;
  try {
    opts = parseOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`emulator: ${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  // The handlers go in before the URL is printed: a parent may signal the moment it reads the line.
  let emulator: Emulator | undefined;
  const stop = () => {
    if (!emulator) process.exit(0);
    emulator.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  emulator = await startEmulator(opts);
  process.stdout.write(`${JSON.stringify({ url: emulator.url })}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`emulator: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
