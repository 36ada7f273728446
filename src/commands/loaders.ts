// Each subcommand's module, loaded only when it runs (keep in step with names.ts).

import type { Command } from './command.ts';

export const COMMAND_LOADERS: Readonly<Record<string, () => Promise<Command>>> = {
  export: async () => (await import('./export.ts')).exportCommand,
  'write-credentials': async () => (await import('./writeCredentials.ts')).writeCredentialsCommand,
  migrate: async () => (await import('./migrate.ts')).migrateCommand,
};
