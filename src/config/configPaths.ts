// Where the AWS config and credentials files are, with botocore's path expansion on the platform.

import { expandPath } from '../platform/expandPath.ts';
import { pathFor, type Platform } from '../platform/platform.ts';

export interface ConfigPaths {
  readonly configFile: string;
  readonly credentialsFile: string;
}

/**
 * AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials. A variable set to ''
 * is used as is (botocore does the same, and then finds no file). `home` is `~` (platform/homeDirectory.ts). The
 * defaults are written with the platform's separator, so Windows shows C:\Users\me\.aws\config (botocore's
 * `~/.aws/config` expands to C:\Users\me/.aws/config there: the same file).
 */
export function getConfigPaths(env: NodeJS.ProcessEnv, home: string, platform: Platform): ConfigPaths {
  const { sep } = pathFor(platform);
  const expand = (path: string) => expandPath(platform, path, env, home);
  return {
    configFile: expand(env.AWS_CONFIG_FILE ?? ['~', '.aws', 'config'].join(sep)),
    credentialsFile: expand(env.AWS_SHARED_CREDENTIALS_FILE ?? ['~', '.aws', 'credentials'].join(sep)),
  };
}
