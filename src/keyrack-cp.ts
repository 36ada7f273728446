// The bundle entry (dist/keyrack-cp.cjs and the single executable): run main, then exit with its code once stdout is flushed.

import { homedir } from 'node:os';
import { main } from './main.ts';

// The process's arguments, environment and platform are read here once; everything below gets them passed in
// (platform/: each rule that differs by platform is a function of this value).
// Output is written synchronously (fs/writeOut.ts), so exiting at once loses nothing; and an SDK keep-alive socket
// or a lock timer must not keep the caller waiting.
void main(process.argv.slice(2), process.env, { platform: process.platform, homedir }).then((code) => process.exit(code));
