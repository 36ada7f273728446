// Everything the hot path does not need: the AWS SDK calls, the file lock, the subcommands.
// The bundle carries this as a separate chunk that is compiled only when one of these is used.

export { refreshAccessToken } from './sso/refreshAccessToken.ts';
export { fetchRoleCredentials } from './sso/fetchRoleCredentials.ts';
export { withSessionLock } from './token/sessionLock.ts';
export { COMMAND_LOADERS } from './commands/loaders.ts';
