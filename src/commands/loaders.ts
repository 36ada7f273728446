// Each subcommand's module, loaded only when it runs (keep in step with names.ts).

import type { Command } from './command.ts';

export const COMMAND_LOADERS: Readonly<Record<string, () => Promise<Command>>> = {};
