// Writing to stdout/stderr without initialising process.stdout/stderr.
//
// Node builds a stream (a socket, for the pipe an SDK hands us) the first time process.stdout is touched: ~3 ms on
// every start (measured). Our output is one small document written once, so a synchronous write to the descriptor
// does the job. A parent may have made the pipe non-blocking; then a full pipe answers EAGAIN and we wait for it.

import { writeSync } from 'node:fs';

/** Made on the first EAGAIN only: a SharedArrayBuffer made at load cost every start 0.4 ms in Bun's executable. */
let pause: Int32Array | undefined;

export function writeOut(fd: 1 | 2, text: string): void {
  let data = Buffer.from(text, 'utf8');
  while (data.length > 0) {
    try {
      data = data.subarray(writeSync(fd, data));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait((pause ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, 2); // the reader is behind: let it drain
    }
  }
}
