// How botocore expands AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE: os.path.expandvars, then os.path.expanduser.
// os.path is posixpath on Linux and macOS and ntpath on Windows, and the two expand differently.

import { isWindows, type Platform } from './platform.ts';

/** os.path.expanduser(os.path.expandvars(path)) as Python does it on the platform, with `~` = home. */
export function expandPath(platform: Platform, path: string, env: NodeJS.ProcessEnv, home: string): string {
  return isWindows(platform) ? expandUserNt(expandVarsNt(path, env), home) : expandUserPosix(expandVarsPosix(path, env), home);
}

/** posixpath.expandvars: $NAME and ${NAME} from env; unknown names stay as written; a value is not expanded again. */
function expandVarsPosix(path: string, env: NodeJS.ProcessEnv): string {
  return path.replace(/\$([A-Za-z0-9_]+|\{[^}]*\})/g, (whole: string, name: string) => {
    const key = name.startsWith('{') ? name.slice(1, -1) : name;
    return (Object.prototype.hasOwnProperty.call(env, key) ? env[key] : undefined) ?? whole;
  });
}

/** posixpath.expanduser: `~` and `~/…` use home (trailing slashes dropped); `~user` is left as written. */
function expandUserPosix(path: string, home: string): string {
  if (path !== '~' && !path.startsWith('~/')) return path;
  return home.replace(/\/+$/, '') + path.slice(1) || '/';
}

/**
 * ntpath.expandvars (Python 3.11, a character loop): %NAME%, $NAME and ${NAME}; `%%` and `$$` are one character;
 * nothing inside single quotes is expanded (the quotes stay); names hold letters, digits, `_` and `-`; unknown
 * names and unclosed forms stay as written.
 */
function expandVarsNt(path: string, env: NodeJS.ProcessEnv): string {
  if (!path.includes('$') && !path.includes('%')) return path;
  let rest = path;
  let res = '';
  let i = 0;
  while (i < rest.length) {
    const c = rest[i]!;
    if (c === "'") {
      rest = rest.slice(i + 1);
      const close = rest.indexOf("'");
      res += c + (close >= 0 ? rest.slice(0, close + 1) : rest);
      i = close >= 0 ? close : rest.length - 1;
    } else if (c === '%' && rest[i + 1] === '%') {
      res += c;
      i += 1;
    } else if (c === '%') {
      rest = rest.slice(i + 1);
      const close = rest.indexOf('%');
      if (close < 0) {
        res += c + rest;
        i = rest.length - 1;
      } else {
        const name = rest.slice(0, close);
        res += windowsVariable(env, name) ?? `%${name}%`;
        i = close;
      }
    } else if (c === '$' && rest[i + 1] === '$') {
      res += c;
      i += 1;
    } else if (c === '$' && rest[i + 1] === '{') {
      rest = rest.slice(i + 2);
      const close = rest.indexOf('}');
      if (close < 0) {
        res += '${' + rest;
        i = rest.length - 1;
      } else {
        const name = rest.slice(0, close);
        res += windowsVariable(env, name) ?? '${' + name + '}';
        i = close;
      }
    } else if (c === '$') {
      let end = i + 1;
      while (end < rest.length && /[A-Za-z0-9_-]/.test(rest[end]!)) end++;
      const name = rest.slice(i + 1, end);
      res += windowsVariable(env, name) ?? `$${name}`;
      i = end - 1;
    } else {
      res += c;
    }
    i += 1;
  }
  return res;
}

/**
 * Windows variable names are case-insensitive (Python upper-cases os.environ's keys there; Node's process.env
 * ignores case on Windows). An exact match first, so a plain object passed in tests behaves as process.env does.
 */
function windowsVariable(env: NodeJS.ProcessEnv, name: string): string | undefined {
  if (name === '') return undefined;
  if (Object.prototype.hasOwnProperty.call(env, name)) return env[name];
  const upper = name.toUpperCase();
  const key = Object.keys(env).find((k) => k.toUpperCase() === upper);
  return key === undefined ? undefined : env[key];
}

/**
 * ntpath.expanduser: `~` alone or followed by `\` or `/` is home, joined as is (ntpath drops no separator);
 * `~user` is left as written (ntpath guesses a sibling profile folder; we do not guess, as on POSIX).
 */
function expandUserNt(path: string, home: string): string {
  if (path !== '~' && !path.startsWith('~/') && !path.startsWith('~\\')) return path;
  return home + path.slice(1);
}
