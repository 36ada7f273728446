// A container holding nothing but one executable and the shared libraries it links (what `FROM scratch` and a COPY
// of those files give), made with a directory, a mount namespace and chroot instead of a container runtime.

import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { bindMount, inMountNamespace } from './mountNamespace.ts';

/** Where the executable sits in the root, and the HOME it is given there; its `.aws` is the bind-mounted one. */
export const EXE_IN_ROOT = '/keyrack-cp';
export const HOME_IN_ROOT = '/home/user';

/** The files the dynamic loader maps for `exe`, by ldd: "libc.so.6 => /lib/…/libc.so.6 (0x…)" and the loader's own line. */
export function linkedFiles(exe: string): string[] {
  const lines = execFileSync('ldd', [exe], { encoding: 'utf8' }).trim().split('\n');
  // linux-vdso.so.1 is the kernel's, with no file behind it.
  return lines.map((line) => /(?:=> )?(\/\S+) \(0x[0-9a-f]+\)$/.exec(line.trim())?.[1]).filter((p): p is string => p !== undefined);
}

export class BareRoot {
  readonly dir = mkdtempSync(join(tmpdir(), 'krcp-bare-'));

  /** The executable at EXE_IN_ROOT, each library at its own path, and the empty directories mounts go on. */
  constructor(exe: string) {
    chmodSync(this.dir, 0o755); // mkdtemp's 0700 would shut out the container's user, as an image's / never does
    copyFileSync(exe, join(this.dir, EXE_IN_ROOT));
    for (const lib of linkedFiles(exe)) {
      mkdirSync(join(this.dir, dirname(lib)), { recursive: true });
      copyFileSync(lib, join(this.dir, lib)); // follows the link /lib64/ld-linux-x86-64.so.2 → the loader itself
    }
    mkdirSync(join(this.dir, 'proc'));
    mkdirSync(join(this.dir, HOME_IN_ROOT, '.aws'), { recursive: true });
  }

  /** Every path in the root, files and directories, relative to it: what the container holds. */
  contents(): string[] {
    return readdirSync(this.dir, { recursive: true, encoding: 'utf8' }).sort();
  }

  /**
   * argv that runs the executable in the root, as a container runtime would: its own mount namespace, the root
   * read-only, `aws` mounted at HOME/.aws (read-only if asked), /proc mounted (Bun aborts without one; runtimes
   * always provide it), then uid:gid `uid` with no supplementary groups.
   *
   * chroot drops to the uid itself (`--userspec`), after entering the root: chroot needs root's privilege, so
   * `setpriv` could only run after it from inside the root, which would then hold setpriv and its libraries too. A
   * number needs no passwd entry, and the root has no /etc at all.
   */
  command(options: { aws: string; readOnlyAws?: boolean; uid: number; proc?: boolean }): string[] {
    const setup = [
      bindMount(this.dir, this.dir, true),
      bindMount(options.aws, join(this.dir, HOME_IN_ROOT, '.aws'), options.readOnlyAws ?? false),
      ...(options.proc === false ? [] : [`mount -t proc proc "${join(this.dir, 'proc')}"`]),
    ].join('\n');
    return inMountNamespace(setup, ['chroot', `--userspec=${options.uid}:${options.uid}`, '--groups=', this.dir, EXE_IN_ROOT]);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
