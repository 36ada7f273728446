// The bundle entry (dist/keyrack-cp.cjs and the single executable): run main, then exit with its code once stdout is flushed.

import { main } from './main.ts';

/**
 * os.homedir, loaded only when asked: `~` comes from HOME (or USERPROFILE) on almost every run, and in Bun's executable
 * node:os is a module of its own that cost every start 0.7 ms (an empty executable importing it: 9.4 against 8.8 ms,
 * median of 60). require is the runtime's own here: both artifacts run this file as CommonJS or Bun's ESM.
 */
const homedir = (): string => (require('node:os') as typeof import('node:os')).homedir();

// The process's arguments, environment and platform are read here once; everything below gets them passed in
// (platform/: each rule that differs by platform is a function of this value).
// Output is written synchronously (fs/writeOut.ts), so exiting at once loses nothing; and an SDK keep-alive socket
// or a lock timer must not keep the caller waiting.
void main(process.argv.slice(2), process.env, { platform: process.platform, homedir }).then((code) => process.exit(code));
