// What runs the linux-arm64 executable on an x64 Debian host: qemu's user-mode emulator, and Debian's arm64 C and
// C++ runtime where multiarch installs it. scripts/ensure-test-tools.mjs installs them; test/helpers/platforms.ts
// runs the executable with them. Defined once here so the two cannot disagree on a path or a package.

/** Called by path, not through binfmt_misc: that is a kernel setting of the host, absent in most containers. */
export const QEMU_AARCH64 = '/usr/bin/qemu-aarch64-static';
export const QEMU_PACKAGE = 'qemu-user-static';

/**
 * The executable asks for /lib/ld-linux-aarch64.so.1 and links libc, libm, libdl and libpthread: libc6 is all it
 * loads today (LD_DEBUG=files on the credential path). libstdc++6 and libgcc-s1 are the rest of the runtime Bun is
 * built against (its musl builds link libstdc++.so.6), so a Bun that links them on glibc too still runs here.
 */
export const ARM64_RUNTIME_PACKAGES = ['libc6:arm64', 'libstdc++6:arm64', 'libgcc-s1:arm64'];
export const ARM64_RUNTIME_FILES = [
  '/lib/ld-linux-aarch64.so.1',
  '/lib/aarch64-linux-gnu/libc.so.6',
  '/usr/lib/aarch64-linux-gnu/libstdc++.so.6',
  '/lib/aarch64-linux-gnu/libgcc_s.so.1',
];

/** The commands that install both, for a message to a developer who is not root. */
export const ARM64_EMULATION_INSTALL = `sudo apt-get install ${QEMU_PACKAGE} && sudo dpkg --add-architecture arm64 && sudo apt-get update && sudo apt-get install ${ARM64_RUNTIME_PACKAGES.join(' ')}`;
