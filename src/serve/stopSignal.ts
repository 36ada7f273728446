// What stops a long-running server: SIGINT (Ctrl-C), SIGTERM (a supervisor, docker stop) and SIGHUP (the terminal
// closed), each a clean stop with exit 0. On Windows only Ctrl-C and closing the console arrive (as SIGINT, SIGHUP).

import type { Logger } from '../log.ts';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export function untilStopSignal(log: Logger): { readonly signalled: Promise<NodeJS.Signals>; release(): void } {
  let resolve!: (signal: NodeJS.Signals) => void;
  const signalled = new Promise<NodeJS.Signals>((r) => (resolve = r));
  // `on`, not `once`: a second Ctrl-C while a refresh finishes must not fall through to Node's default and kill it.
  const onSignal = (signal: NodeJS.Signals) => {
    log.debug(`${signal}: stopping`);
    resolve(signal);
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  return {
    signalled,
    release: () => {
      for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
    },
  };
}
