// Where the AWS config and credentials files are, with botocore's path expansion.

export interface ConfigPaths {
  readonly configFile: string;
  readonly credentialsFile: string;
}

/**
 * AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials. A variable set to ''
 * is used as is (botocore does the same, and then finds no file). `home` is the caller's HOME.
 */
export function getConfigPaths(env: NodeJS.ProcessEnv, home: string): ConfigPaths {
  const expand = (path: string) => expandUser(expandVars(path, env), home);
  return {
    configFile: expand(env.AWS_CONFIG_FILE ?? '~/.aws/config'),
    credentialsFile: expand(env.AWS_SHARED_CREDENTIALS_FILE ?? '~/.aws/credentials'),
  };
}

/** os.path.expandvars: $NAME and ${NAME} from env; unknown names stay as written; a value is not expanded again. */
function expandVars(path: string, env: NodeJS.ProcessEnv): string {
  return path.replace(/\$([A-Za-z0-9_]+|\{[^}]*\})/g, (whole: string, name: string) => {
    const key = name.startsWith('{') ? name.slice(1, -1) : name;
    const value = Object.prototype.hasOwnProperty.call(env, key) ? env[key] : undefined;
    return value ?? whole;
  });
}

/** os.path.expanduser: `~` and `~/…` use home (trailing slashes dropped); `~user` is left as written. */
function expandUser(path: string, home: string): string {
  if (path !== '~' && !path.startsWith('~/')) return path;
  return home.replace(/\/+$/, '') + path.slice(1) || '/';
}
