// What a sign-in is given: the clock, the log, the user's screen, the service and the browser. Tests pass their own.

import type { Logger } from '../log.ts';
import type { Platform } from '../platform/platform.ts';
import type { LoginUi } from './loginUi.ts';
import type { OidcCalls } from '../sso/oidcCalls.ts';

export interface LoginDeps {
  readonly home: string;
  readonly platform: Platform;
  readonly now: () => Date;
  readonly log: Logger;
  readonly ui: LoginUi;
  readonly oidc: OidcCalls;
  /** Opens the URL in the user's browser; false when no command could. */
  readonly openBrowser: (url: string) => Promise<boolean>;
  readonly randomBytes: (size: number) => Uint8Array;
  readonly randomUUID: () => string;
}

/** A promise settled after `ms`, and a way to cancel it so no timer outlives the wait. */
export function delay(ms: number): { promise: Promise<void>; cancel: () => void } {
  let timer: NodeJS.Timeout | undefined;
  const promise = new Promise<void>((resolve) => (timer = setTimeout(resolve, Math.max(0, ms))));
  return { promise, cancel: () => clearTimeout(timer) };
}
