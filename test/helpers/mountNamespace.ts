// Running a command in its own mount namespace (root, as CI runs the tests): what a container runtime does to the
// file system, without the rest of it. The network and the pids stay the host's, so the emulator is reachable.

/** argv that runs `cmd` after `setup` (shell lines, `set -e`) has mounted what it needs; the mounts die with it. */
export const inMountNamespace = (setup: string, cmd: readonly string[]): string[] => ['unshare', '--mount', '--propagation', 'private', 'sh', '-ec', `${setup}\nexec "$@"`, 'sh', ...cmd];

/**
 * Shell lines that mount `source` at `target` (`docker run -v source:target[:ro]`). Read-only takes a second mount
 * call: the kernel ignores `ro` on the bind itself.
 */
export const bindMount = (source: string, target: string, readOnly = false): string =>
  [`mount --bind "${source}" "${target}"`, ...(readOnly ? [`mount -o remount,bind,ro "${target}"`] : [])].join('\n');
