// What a sign-in is given: the clock and its waits, the log, the user's screen, the service, the browser and
// randomness. Tests pass their own.

import type { Logger } from '../log.ts';
import type { Platform } from '../platform/platform.ts';
import type { LoginUi } from './ui.ts';
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
  /** A wait (between device polls, until the deadline), cancellable so no timer outlives the flow. */
  readonly delay: (ms: number) => Delay;
}

export interface Delay {
  readonly promise: Promise<void>;
  readonly cancel: () => void;
}
