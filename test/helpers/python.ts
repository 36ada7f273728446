// The real python3 binary (not the pyenv shim, which needs the developer's HOME to find itself).

import { execFileSync } from 'node:child_process';

let cached: string | undefined;
export function pythonExecutable(): string {
  cached ??= execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();
  return cached;
}
