// The bundle entry (dist/keyrack-cp.cjs and the single executable): run main, then exit with its code once stdout is flushed.

import { main } from './main.ts';

// Output is written synchronously (fs/writeOut.ts), so exiting at once loses nothing; and an SDK keep-alive socket
// or a lock timer must not keep the caller waiting.
void main(process.argv.slice(2), process.env).then((code) => process.exit(code));
