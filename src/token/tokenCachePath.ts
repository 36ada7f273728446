// Where `aws sso login` keeps a session's token, so keyrack-cp, the AWS CLI and every SDK share one login.

import { sha1Hex } from '../fs/sha1.ts';
import { pathFor, type Platform } from '../platform/platform.ts';

/** `~/.aws/sso/cache`, with the platform's separator (the AWS CLI's os.path; C:\Users\me\.aws\sso\cache on Windows). */
export const getSsoCacheDir = (home: string, platform: Platform) => pathFor(platform).join(home, '.aws', 'sso', 'cache');

/** `sha1_hex(<sso-session name>).json`, the name botocore, the CLI and the JS SDK all use, on every platform. */
export const getTokenCachePath = (home: string, sessionName: string, platform: Platform) =>
  pathFor(platform).join(getSsoCacheDir(home, platform), `${sha1Hex(sessionName)}.json`);
