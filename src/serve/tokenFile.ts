// --token-file FILE: the server's token read from FILE, or made and written there if FILE does not exist, so the
// same file can be handed to a container as AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE.

import { configError, failure } from '../errors.ts';
import { readRegularFile } from '../fs/readRegularFile.ts';
import { writeFileAtomic } from '../fs/writeFileAtomic.ts';
import type { Platform } from '../platform/platform.ts';
import { printable } from '../text/printable.ts';
import { quotePosix } from '../text/quotePosix.ts';
import { whyNotToken } from './serverToken.ts';

export function readOrCreateTokenFile(path: string, makeToken: () => string, platform: Platform): { readonly token: string; readonly created: boolean } {
  const subject = `--token-file ${printable(path, { newlines: false })}`;
  let text: string;
  try {
    text = readRegularFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw failure(subject, `cannot be read (${code ?? 'error'})`, 'Check the path and its permissions.');
    const token = makeToken();
    try {
      // No newline after it: the SDKs send the file's content as it is.
      writeFileAtomic(path, token, platform);
    } catch (writeError) {
      throw failure(subject, `cannot be written (${(writeError as NodeJS.ErrnoException).code ?? 'error'})`, 'Check that its folder exists and is writable.');
    }
    return { token, created: true };
  }
  const why = whyNotToken(text);
  // The text is never quoted back: it is meant to be a secret.
  if (why) {
    throw configError(subject, why, `Remove it and keyrack-cp serve --token-file ${quotePosix(path)} writes a new one, or write 32 random bytes there: head -c 32 /dev/urandom | base64 | tr -d '\\n' > ${quotePosix(path)}`);
  }
  return { token: text, created: false };
}
