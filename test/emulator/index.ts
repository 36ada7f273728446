// The SSO emulator for tests: a loopback server speaking the SSO portal, SSO-OIDC and STS GetCallerIdentity wire
// protocols that the AWS SDK for JS v3 and botocore accept, plus helpers that put a logged-in user's token cache file on disk.

export { startEmulator } from './server.ts';
export type { CallRecord, Emulator, EmulatorOptions, SeedLoginOptions } from './server.ts';
export { OPERATIONS } from './faults.ts';
export type { Fault, Operation } from './faults.ts';
export type { IssuedRoleCredentials, IssuedSigninToken, IssuedTokens } from './state.ts';
export type { RateLimit } from './throttle.ts';
export { DEFAULT_ACCOUNT_ID, DEFAULT_REGION, DEFAULT_ROLE_NAMES, DEFAULT_START_URL, DEFAULT_USER } from './state.ts';
export { callerIdentityOf } from './sts.ts';
export type { CallerIdentity } from './sts.ts';
export { awsTimestamp, pythonJsonDumps, tokenCacheFileName, tokenCacheJson, writeTokenCache } from './tokenCache.ts';
export type { SeededLogin, TokenCacheJson } from './tokenCache.ts';
