// When a failed rename of our temp file over its target is worth trying again: on Windows only, and only for a
// bounded time. Pure; fs/renameWithRetry.ts runs it.

import { isWindows, type Platform } from './platform.ts';

/**
 * Windows refuses to replace a file that another process has open without FILE_SHARE_DELETE (an antivirus scan of
 * the file we just wrote, an editor, or the AWS CLI reading the token cache at that moment: Python opens files
 * without that flag; Node opens with it, so the JS SDK does not get in the way): MoveFileEx
 * fails with ERROR_ACCESS_DENIED or ERROR_SHARING_VIOLATION, which Node reports as EPERM, EACCES or EBUSY. Such
 * holds last milliseconds to a few hundred. graceful-fs (and write-file-atomic, which uses it) retries these codes on
 * Windows, with these steps (+10 ms up to 100 ms), for up to 60 s; we stop at 1 s, the bound graceful-fs first had:
 * keyrack-cp runs inside its caller's request (an SDK waits on credential_process with no timeout of its own), and
 * holds the session's lock while it writes, so it must not hang anyone on a file that stays held. A real denial
 * (the ACL forbids the write) costs that second before it is reported.
 */
export const RENAME_RETRY_BUDGET_MS = 1_000;
const RENAME_RETRY_STEP_MS = 10;
const RENAME_RETRY_MAX_DELAY_MS = 100;
const HELD_OPEN_CODES: ReadonlySet<string> = new Set(['EPERM', 'EBUSY', 'EACCES']);

export type RenameRetryPlan =
  | { readonly retry: true; readonly afterMs: number; readonly reason: string }
  | { readonly retry: false; readonly reason: string };

/**
 * `failures`: how many attempts have failed so far (1 after the first); `elapsedMs`: since the first attempt began.
 * On Linux and macOS a rename over a file replaces it whoever has it open, so these codes there mean a lasting
 * problem (permissions, a read-only mount) and are not retried.
 */
export function planRenameRetry(platform: Platform, code: string | undefined, failures: number, elapsedMs: number): RenameRetryPlan {
  const what = code ?? 'an error without a code';
  if (!isWindows(platform)) return { retry: false, reason: `${what}: a rename over an open file cannot fail here, so the cause lasts` };
  if (code === undefined || !HELD_OPEN_CODES.has(code)) return { retry: false, reason: `${what} is not another process holding the file open` };
  const left = RENAME_RETRY_BUDGET_MS - elapsedMs;
  if (left <= 0) {
    return { retry: false, reason: `still ${code} after ${failures} attempts in ${Math.round(elapsedMs)} ms: another process keeps the file open` };
  }
  const afterMs = Math.min(RENAME_RETRY_STEP_MS * failures, RENAME_RETRY_MAX_DELAY_MS, left);
  return { retry: true, afterMs, reason: `${code}: another process may hold the file open (an antivirus scan, an editor, an SDK reading it); attempt ${failures + 1} in ${afterMs} ms` };
}
