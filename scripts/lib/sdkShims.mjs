// Bundler plugin, the same for esbuild (the .cjs) and Bun (the executables): swaps the SDK clients' eager import of the
// default credential chain for src/sso/lazyDefaultProvider.ts, which loads it on first use (that file says why).
import { join } from 'node:path';

const SHIM = 'src/sso/lazyDefaultProvider.ts';

/** @param {string} root the project root */
export function lazySdkDefaults(root) {
  const shim = join(root, SHIM);
  return {
    name: 'keyrack-lazy-sdk-defaults',
    setup(build) {
      build.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, (args) =>
        // The shim's own import() is the real package: resolved as usual.
        args.importer === shim ? undefined : { path: shim },
      );
    },
  };
}
