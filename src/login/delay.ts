// The real wait of a sign-in (login/deps.ts): a promise settled after `ms`, and a way to cancel it.

import type { Delay } from './deps.ts';

export function delay(ms: number): Delay {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))));
  return { promise, cancel: () => clearTimeout(timer) };
}
