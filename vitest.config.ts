import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // End-to-end tests spawn the built artifacts and real peers (python3/botocore); give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file runs its own emulator on an ephemeral 127.0.0.1 port, so files may run in parallel.
    fileParallelism: true,
  },
});
