// The environment `keyrack-cp exec` gives COMMAND: keyrack-cp's own, with every variable an SDK reads as credentials
// or as a place to get them replaced, so that the child's SDK finds the profile's credentials and nothing else.
// Pure: the rule, variable by variable, with why (--debug prints the names and the reasons, never a value).

import type { RoleCredentials } from '../credentials/roleCredentials.ts';
import { formatAwsTimestamp } from '../token/awsTimestamp.ts';
import { isWindows, type Platform } from '../platform/platform.ts';
import { printable } from '../text/printable.ts';

/** Set in COMMAND's environment to the profile's name: a keyrack-cp exec started inside it refuses (whyNested). */
export const EXEC_MARKER = 'KEYRACK_CP_EXEC';

/** What COMMAND gets: the credentials themselves, or (--server) the endpoint that serves them fresh. */
export type ChildCredentials =
  | { readonly kind: 'variables'; readonly creds: RoleCredentials }
  | { readonly kind: 'endpoint'; readonly url: string; readonly token: string };

export interface EnvChange {
  readonly name: string;
  readonly action: 'set' | 'removed' | 'kept';
  readonly why: string;
}

const STATIC = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_CREDENTIAL_EXPIRATION', 'AWS_ACCOUNT_ID'] as const;
const ENDPOINT = ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_CONTAINER_AUTHORIZATION_TOKEN'] as const;

/**
 * Always removed, each a credential source the SDKs would otherwise try, or a description of credentials that are
 * no longer COMMAND's. In every SDK's chain the environment keys come first, then profiles and web identity, and the
 * container endpoint after them: whatever of these is left could win over what keyrack-cp gives.
 */
const REMOVED: ReadonlyArray<readonly [string, string]> = [
  ['AWS_PROFILE', 'it names another profile: its settings would apply, and with --server its credentials (a profile comes before the endpoint)'],
  ['AWS_DEFAULT_PROFILE', 'the AWS CLI v1 reads it as AWS_PROFILE'],
  ['AWS_SECURITY_TOKEN', "boto2's name for the session token: botocore reads it when AWS_SESSION_TOKEN is absent, old tools only it"],
  ['AWS_CREDENTIAL_SCOPE', 'the JS SDK reads it with the environment keys, and it would describe other credentials'],
  ['AWS_WEB_IDENTITY_TOKEN_FILE', 'web identity comes before the container endpoint in every SDK'],
  ['AWS_ROLE_ARN', 'read with AWS_WEB_IDENTITY_TOKEN_FILE'],
  ['AWS_ROLE_SESSION_NAME', 'read with AWS_WEB_IDENTITY_TOKEN_FILE'],
  ['AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'both SDKs prefer it to AWS_CONTAINER_CREDENTIALS_FULL_URI'],
  ['AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE', 'both SDKs prefer it to AWS_CONTAINER_AUTHORIZATION_TOKEN'],
];

/** The marker's value when this process runs inside keyrack-cp exec (then exec refuses), else null. */
export function whyNested(env: NodeJS.ProcessEnv): string | null {
  const outer = env[EXEC_MARKER];
  if (outer === undefined || outer === '') return null;
  return `this is already a command run by keyrack-cp exec for profile '${printable(outer, { newlines: false })}' (${EXEC_MARKER} is set), whose credentials a nested exec would silently replace`;
}

/**
 * `platform`: on Windows variable names are case-insensitive (an `Aws_Profile` is AWS_PROFILE to every SDK there),
 * so a copy of the environment in a plain object must match them so too, or a stale one would survive beside ours.
 */
export function childEnvironment(
  parent: NodeJS.ProcessEnv,
  given: ChildCredentials,
  profile: { readonly name: string; readonly region: string | null },
  platform: Platform,
): { readonly env: Record<string, string>; readonly changes: readonly EnvChange[] } {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(parent)) if (value !== undefined) env[name] = value;
  const same = isWindows(platform) ? (a: string, b: string) => a.toUpperCase() === b.toUpperCase() : (a: string, b: string) => a === b;
  const drop = (name: string) => {
    const found = Object.keys(env).filter((k) => same(k, name));
    for (const k of found) delete env[k];
    return found.length > 0;
  };
  const changes: EnvChange[] = [];
  const set = (name: string, value: string, why: string) => {
    drop(name);
    env[name] = value;
    changes.push({ name, action: 'set', why });
  };
  const remove = (name: string, why: string) => {
    if (drop(name)) changes.push({ name, action: 'removed', why });
  };
  const read = (name: string) => Object.entries(env).find(([k]) => same(k, name))?.[1];

  for (const [name, why] of REMOVED) remove(name, why);
  if (given.kind === 'variables') {
    const { creds } = given;
    for (const name of ENDPOINT) remove(name, 'another credential source (the environment keys come first anyway; removed so nothing reads it)');
    set('AWS_ACCESS_KEY_ID', creds.accessKeyId, "the profile's role credentials");
    set('AWS_SECRET_ACCESS_KEY', creds.secretAccessKey, "the profile's role credentials");
    set('AWS_SESSION_TOKEN', creds.sessionToken, "the profile's role credentials");
    set('AWS_CREDENTIAL_EXPIRATION', formatAwsTimestamp(creds.expiration), 'when they stop working (botocore and the JS SDK read it)');
    // botocore and the JS SDK read it with the keys (account-based endpoints); the contract emits only a clean id.
    if (/^\d{12}$/.test(creds.accountId)) set('AWS_ACCOUNT_ID', creds.accountId, 'the account of these credentials');
    else remove('AWS_ACCOUNT_ID', 'it would describe other credentials');
  } else {
    for (const name of STATIC) remove(name, 'the SDKs take environment keys before the container endpoint');
    set('AWS_CONTAINER_CREDENTIALS_FULL_URI', given.url, "keyrack-cp's endpoint, which serves fresh credentials for as long as COMMAND runs");
    set('AWS_CONTAINER_AUTHORIZATION_TOKEN', given.token, "the endpoint's token");
  }
  for (const change of regionChanges(read('AWS_REGION'), read('AWS_DEFAULT_REGION'), profile.region)) {
    if (change.action === 'set') set(change.name, change.value, change.why);
    else changes.push({ name: change.name, action: 'kept', why: change.why });
  }
  set(EXEC_MARKER, profile.name, 'marks the environment, so a keyrack-cp exec inside COMMAND refuses');
  return { env, changes };
}

/**
 * botocore reads only AWS_DEFAULT_REGION, the JS SDK only AWS_REGION (the CLI v2 both): a region the environment
 * already names wins and is given under both names, so every SDK in COMMAND agrees; else the profile's `region`.
 * Both present: left as they are, even if they differ (the user set them so).
 */
function regionChanges(
  regionVariable: string | undefined,
  defaultRegionVariable: string | undefined,
  profileRegion: string | null,
): { name: string; value: string; action: 'set' | 'kept'; why: string }[] {
  const region = regionVariable || undefined;
  const fallback = defaultRegionVariable || undefined;
  if (region && fallback) return [{ name: 'AWS_REGION', value: region, action: 'kept', why: 'set in the environment, as is AWS_DEFAULT_REGION' }];
  if (region) return [{ name: 'AWS_DEFAULT_REGION', value: region, action: 'set', why: 'the AWS_REGION of the environment, for botocore, which reads only AWS_DEFAULT_REGION' }];
  if (fallback) return [{ name: 'AWS_REGION', value: fallback, action: 'set', why: 'the AWS_DEFAULT_REGION of the environment, for the JS SDK, which reads only AWS_REGION' }];
  if (!profileRegion) return [];
  const why = "the profile's region (the environment names none)";
  return [
    { name: 'AWS_REGION', value: profileRegion, action: 'set', why },
    { name: 'AWS_DEFAULT_REGION', value: profileRegion, action: 'set', why },
  ];
}
