// The private directories keyrack-cp creates (~/.aws/sso/cache, ~/.aws/cli/cache, a lock's folder): 0700 on POSIX.

import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { SECRET_DIR_MODE } from '../platform/fileModes.ts';

/**
 * Creates `dir` and its missing parents with mode 0700. Node's recursive mkdir reports ENOENT whatever stopped it
 * (a read-only file system, a permission); then the directories are made one by one, which throws the real error.
 * It needs no platform: Node ignores a mkdir mode on Windows (it never fails there), and `dir` is a real directory
 * of this machine, whose own node:path takes it apart.
 */
export function makePrivateDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true, mode: SECRET_DIR_MODE });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const missing: string[] = [];
    for (let d = dir; !existsSync(d) && dirname(d) !== d; d = dirname(d)) missing.unshift(d);
    for (const d of missing) mkdirSync(d, { mode: SECRET_DIR_MODE });
  }
}
