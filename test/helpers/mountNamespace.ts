// Running a command in its own mount namespace (root, as CI runs the tests): what a container runtime does to the
// file system, without the rest of it. The network and the pids stay the host's, so the emulator is reachable.

import { spawnSync } from 'node:child_process';

/** argv that runs `cmd` after `setup` (shell lines, `set -e`) has mounted what it needs; the mounts die with it. */
export const inMountNamespace = (setup: string, cmd: readonly string[]): string[] => ['unshare', '--mount', '--propagation', 'private', 'sh', '-ec', `${setup}\nexec "$@"`, 'sh', ...cmd];

/**
 * Shell lines that mount `source` at `target` (`docker run -v source:target[:ro]`). Read-only takes a second mount
 * call: the kernel ignores `ro` on the bind itself.
 */
export const bindMount = (source: string, target: string, readOnly = false): string =>
  [`mount --bind "${source}" "${target}"`, ...(readOnly ? [`mount -o remount,bind,ro "${target}"`] : [])].join('\n');

/**
 * The fault and bare-container suites make mount namespaces and change users: Linux, root, and util-linux's tools.
 * Elsewhere (macOS, Windows, a non-root shell) they fail with this, naming what they need, rather than skip.
 */
export function requireLinuxRoot(tools: readonly string[]): void {
  const missing = process.platform === 'linux' ? tools.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0) : [...tools];
  const root = process.getuid?.() === 0;
  if (process.platform !== 'linux' || missing.length > 0 || !root) {
    throw new Error(
      `These tests need Linux, root, and ${tools.join(', ')} (util-linux and coreutils), to make mount namespaces and run as other users` +
        ` (here: ${process.platform}${root ? ', root' : ', not root'}${missing.length > 0 ? `, missing ${missing.join(', ')}` : ''}). CI runs them on Debian as root.`,
    );
  }
}
