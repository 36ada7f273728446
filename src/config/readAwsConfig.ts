// Reads and parses both AWS shared files: the only file-system access of config reading.

import { readFileSync, statSync } from 'node:fs';
import { configError } from '../errors.ts';
import { buildAwsConfig } from './buildAwsConfig.ts';
import { getConfigPaths } from './configPaths.ts';
import { parseIni } from './parseIni.ts';
import type { Platform } from '../platform/platform.ts';
import { permissionRemedy } from '../platform/permissionRemedy.ts';
import type { AwsConfig, RawIni } from './types.ts';

export function readAwsConfig(env: NodeJS.ProcessEnv, home: string, platform: Platform): AwsConfig {
  const paths = getConfigPaths(env, home, platform);
  return buildAwsConfig(readIni(paths.configFile, 'AWS_CONFIG_FILE', platform), readIni(paths.credentialsFile, 'AWS_SHARED_CREDENTIALS_FILE', platform), paths);
}

/** null where botocore sees no file; parse errors and unreadable files are the user's to fix, so they are errors. */
function readIni(file: string, variable: string, platform: Platform): RawIni | null {
  const bytes = readBytes(file, variable, platform);
  return bytes === null ? null : parseIni(bytes, file);
}

function readBytes(file: string, variable: string, platform: Platform): Buffer | null {
  let stat;
  try {
    stat = statSync(file, { throwIfNoEntry: false });
    if (stat?.isFile()) return readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    // ENOTDIR: a parent is a file, so this file cannot exist; botocore also treats it as missing.
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    if (code === 'EACCES' || code === 'EPERM') {
      throw configError(file, 'cannot be read: permission denied', permissionRemedy(platform, file, 'read'));
    }
    throw configError(file, `cannot be read (${code})`, `Check the file, or point ${variable} at another one.`);
  }
  if (stat?.isDirectory()) {
    throw configError(file, 'is a directory, not a file', `Point ${variable} at the file, or move the directory away.`);
  }
  // Like botocore's os.path.isfile test: no file, or a FIFO or device (reading a FIFO could block forever), is no config.
  return null;
}
