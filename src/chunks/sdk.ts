// The AWS SDK calls and the subcommands: compiled only when a network call or a subcommand runs.

export { refreshAccessToken } from '../sso/refreshAccessToken.ts';
export { fetchRoleCredentials } from '../sso/fetchRoleCredentials.ts';
export { COMMAND_LOADERS } from '../commands/loaders.ts';
export { prepareAutoLogin } from '../login/autoLogin.ts';
