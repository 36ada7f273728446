// Where `aws sso login` keeps a session's token, so keyrack-cp, the AWS CLI and every SDK share one login.

import { join } from 'node:path';
import { sha1Hex } from '../fs/sha1.ts';

export const getSsoCacheDir = (home: string) => join(home, '.aws', 'sso', 'cache');

/** `sha1_hex(<sso-session name>).json`, the name botocore, the CLI and the JS SDK all use. */
export const getTokenCachePath = (home: string, sessionName: string) =>
  join(getSsoCacheDir(home), `${sha1Hex(sessionName)}.json`);
