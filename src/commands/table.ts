// Every subcommand, by name: its one-line summary for --help, and its module, loaded with import() only when that
// command runs (each is a chunk of both artifacts). Light on purpose: main reads this on every start.

import type { CommandSpec } from './command.ts';
import type { OptionSpecs } from '../cli/parseOptions.ts';

interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<CommandSpec<OptionSpecs>>;
}

export const COMMANDS = {
  login: { summary: 'sign in to an sso-session (browser, or a device code) and cache the token', load: async () => (await import('./login.ts')).loginCommand },
  logout: { summary: 'sign out: end the session, remove its token and cached role credentials', load: async () => (await import('./logout.ts')).logoutCommand },
  status: { summary: 'show every sso-session and profile: signed in, time left, what to fix', load: async () => (await import('./status.ts')).statusCommand },
  export: { summary: 'print the credentials for a shell or tool (env, powershell, fish, ...)', load: async () => (await import('./export.ts')).exportCommand },
  'write-credentials': { summary: 'write them into ~/.aws/credentials for old SDKs (--keep-fresh)', load: async () => (await import('./writeCredentials.ts')).writeCredentialsCommand },
  exec: { summary: 'run a command with the credentials (--server: renewed while it runs)', load: async () => (await import('./exec.ts')).execCommand },
  serve: { summary: 'serve them to programs and containers as a container-credentials endpoint', load: async () => (await import('./serve.ts')).serveCommand },
  migrate: { summary: 'move legacy SSO profiles to sso-session configuration', load: async () => (await import('./migrate.ts')).migrateCommand },
  configure: { summary: 'write an sso-session and a profile: asked on the terminal, or from flags', load: async () => (await import('./configure.ts')).configureCommand },
  populate: { summary: 'write a profile for every account and role you may use', load: async () => (await import('./populate.ts')).populateCommand },
  console: { summary: 'open the AWS console in a browser, signed in as a profile\'s role', load: async () => (await import('./console.ts')).consoleCommand },
} as const satisfies Record<string, CommandEntry>;

export type CommandName = keyof typeof COMMANDS;

export const isCommand = (word: string | undefined): word is CommandName => word !== undefined && Object.prototype.hasOwnProperty.call(COMMANDS, word);
