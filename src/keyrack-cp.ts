// The bundle entry (dist/keyrack-cp.cjs and the single executable): run main, then exit with its code once stdout is flushed.

import { main } from './main.ts';

void main(process.argv.slice(2), process.env).then((code) => {
  // Exit explicitly: an SDK keep-alive socket or a lock timer must not keep the caller waiting.
  process.stdout.write('', () => process.exit(code));
});
