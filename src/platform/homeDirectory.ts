// `~`: the directory that holds .aws, by the platform's rules, so keyrack-cp finds the token cache the SDKs use.

import { configError } from '../errors.ts';
import { isWindows, type Platform } from './platform.ts';

export interface HomeDirectory {
  readonly home: string;
  /** Where it came from, for --debug: the variable, or os.homedir(). */
  readonly source: string;
}

/**
 * Linux and macOS: HOME, as botocore's posixpath.expanduser and the JS SDK read it.
 *
 * Windows: HOME, else USERPROFILE, else HOMEDRIVE + HOMEPATH: the AWS SDK for JavaScript's order
 * (@smithy/shared-ini-file-loader getHomeDir). botocore uses ntpath.expanduser, which since Python 3.8 ignores HOME
 * and starts at USERPROFILE; the two agree whenever HOME is unset, the usual case on Windows (a shell that sets HOME,
 * such as Git Bash or Cygwin, sets it to the profile folder). The JS SDK would take HOMEPATH alone with a guessed
 * `C:\`; we do not guess a drive, and ask Windows instead.
 *
 * Then os.homedir() (the user database, or Windows' profile folder), for a bare container or service with none of
 * the variables. Empty values count as unset, as in the JS SDK. `osHomedir` is os.homedir, passed in; it throws
 * when there is no home at all.
 */
export function resolveHomeDirectory(platform: Platform, env: NodeJS.ProcessEnv, osHomedir: () => string): HomeDirectory {
  if (env.HOME) return { home: env.HOME, source: 'HOME' };
  if (isWindows(platform)) {
    if (env.USERPROFILE) return { home: env.USERPROFILE, source: 'USERPROFILE' };
    if (env.HOMEDRIVE && env.HOMEPATH) return { home: `${env.HOMEDRIVE}${env.HOMEPATH}`, source: 'HOMEDRIVE and HOMEPATH' };
  }
  let home: string;
  try {
    home = osHomedir();
  } catch {
    throw isWindows(platform)
      ? configError('environment', 'none of HOME, USERPROFILE, HOMEDRIVE and HOMEPATH is set, and Windows names no profile folder for this user', 'Set USERPROFILE to the folder that holds .aws.')
      : configError('environment', 'HOME is not set and there is no home directory for this user', 'Set HOME to the directory that holds .aws.');
  }
  return { home, source: 'os.homedir()' };
}
