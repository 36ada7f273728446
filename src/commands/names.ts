// The subcommands main dispatches to, with their one-line summaries for --help. Light: read on every start.
// Their code is registered in loaders.ts, which is loaded only when a subcommand runs.

export const COMMAND_SUMMARIES: Readonly<Record<string, string>> = {
  login: 'sign in to an sso-session (browser, or a device code) and cache the token',
  logout: 'sign out: end the session, remove its token and cached role credentials',
  status: 'show every sso-session and profile: signed in, time left, what to fix',
  export: 'print the credentials for a shell or tool (env, powershell, fish, ...)',
  'write-credentials': "write them into ~/.aws/credentials for old SDKs (--keep-fresh)",
  migrate: 'move legacy SSO profiles to sso-session configuration',
};

export const isCommand = (word: string | undefined): word is string =>
  word !== undefined && Object.prototype.hasOwnProperty.call(COMMAND_SUMMARIES, word);
