// The real dependencies of a sign-in: the SDK's SSO-OIDC client, the browser commands of this machine, crypto.

import { randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from '../log.ts';
import type { Platform } from '../platform/platform.ts';
import { browserCommands } from './browserCommands.ts';
import type { LoginDeps } from './deps.ts';
import { createLoginUi, type UiOutput } from './ui.ts';
import { createOidcCalls } from '../sso/oidcCalls.ts';
import { delay } from './delay.ts';
import { openBrowser } from './openBrowser.ts';

export interface LoginEnvironment {
  readonly home: string;
  readonly platform: Platform;
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => Date;
  readonly log: Logger;
  readonly oidcEndpoint: string;
  readonly region: string;
}

export function createLoginDeps(ctx: LoginEnvironment, out: UiOutput): LoginDeps {
  return {
    home: ctx.home,
    platform: ctx.platform,
    now: ctx.now,
    log: ctx.log,
    // Whatever the UI writes passes the logger's scrubber too: the net under "no secret on screen".
    ui: createLoginUi({ write: (text) => out.write(ctx.log.scrub(text)), isTerminal: out.isTerminal }, ctx.now),
    oidc: createOidcCalls(ctx.oidcEndpoint, ctx.region),
    openBrowser: (url) => openBrowser(browserCommands(url, ctx.env, ctx.platform).commands, ctx.log),
    randomBytes: (size) => randomBytes(size),
    randomUUID: () => randomUUID(),
    delay,
  };
}

/** Whether any browser command exists here (the URL does not change the answer). */
export const hasBrowser = (env: NodeJS.ProcessEnv, platform: Platform) => browserCommands('about:blank', env, platform).commands.length > 0;
