// Each subcommand's module, loaded only when it runs (keep in step with names.ts).

import type { Command } from './command.ts';

export const COMMAND_LOADERS: Readonly<Record<string, () => Promise<Command>>> = {
  login: async () => (await import('./login.ts')).loginCommand,
  logout: async () => (await import('./logout.ts')).logoutCommand,
  status: async () => (await import('./status.ts')).statusCommand,
  export: async () => (await import('./export.ts')).exportCommand,
  'write-credentials': async () => (await import('./writeCredentials.ts')).writeCredentialsCommand,
  migrate: async () => (await import('./migrate.ts')).migrateCommand,
};
