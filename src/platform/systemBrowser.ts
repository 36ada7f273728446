// How the platform opens a URL in the user's default browser, and how it reads $BROWSER. Pure.

import { shlexSplit } from '../text/pyString.ts';
import { isWindows, pathFor, type Platform } from './platform.ts';

/** `$BROWSER` is a list split on os.pathsep, as Python's webbrowser (the AWS CLI's) reads it: `;` on Windows, where `:` follows every drive letter. */
export const browserListSeparator = (platform: Platform): string => pathFor(platform).delimiter;

/**
 * The words of a `$BROWSER` entry that holds `%s` (xdg-open splits such an entry into words). POSIX: shell words
 * (shlex). Windows: a backslash is a path separator, not an escape, so words are split on white space outside
 * double quotes, and the quotes removed. null for an unclosed quote (the entry is skipped).
 */
export function splitBrowserEntry(platform: Platform, entry: string): string[] | null {
  return isWindows(platform) ? splitWindowsWords(entry) : shlexSplit(entry);
}

function splitWindowsWords(entry: string): string[] | null {
  const words: string[] = [];
  let word: string | null = null;
  let quoted = false;
  for (const c of entry) {
    if (c === '"') {
      quoted = !quoted;
      word ??= '';
    } else if (!quoted && /\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
    } else {
      word = (word ?? '') + c;
    }
  }
  if (quoted) return null;
  if (word !== null) words.push(word);
  return words;
}

/** The platform's opener (the URL goes after it), or null with the reason why there is none. */
export type SystemOpener = { readonly argv: readonly string[]; readonly why: string } | { readonly argv: null; readonly why: string };

/**
 * After `$BROWSER`:
 * - Linux and the other POSIX systems: xdg-open, when there is a display to open a browser on (over SSH or in a
 *   container there usually is none; with X forwarding there is, and the browser runs where the callback server does).
 * - macOS: `open`. Windows: `rundll32 url.dll,FileProtocolHandler URL`, the shell's own URL handler (what Go's
 *   pkg/browser runs): no cmd.exe, so the `&` of a URL's query is not a command separator, and no quoting to get
 *   wrong. By its full path under %SystemRoot%, because Windows looks for a bare name in the current directory first.
 * - Neither on macOS or Windows in an SSH session: the opener would show the page on that machine's own screen, not
 *   the user's, and the sign-in's callback on 127.0.0.1 could never be reached from the user's browser; the device
 *   code flow works from anywhere.
 */
export function systemOpener(platform: Platform, env: NodeJS.ProcessEnv): SystemOpener {
  if (platform === 'darwin' || isWindows(platform)) {
    const ssh = ['SSH_CONNECTION', 'SSH_CLIENT', 'SSH_TTY'].find((name) => nonEmpty(env[name]));
    if (ssh) return { argv: null, why: `this is an SSH session (${ssh} is set), so a browser would open on the remote screen` };
  }
  if (platform === 'darwin') return { argv: ['open'], why: 'open (macOS)' };
  if (isWindows(platform)) {
    const root = nonEmpty(env.SystemRoot) ? env.SystemRoot! : nonEmpty(env.windir) ? env.windir! : 'C:\\Windows';
    return { argv: [pathFor(platform).join(root, 'System32', 'rundll32.exe'), 'url.dll,FileProtocolHandler'], why: 'the default browser (rundll32 url.dll,FileProtocolHandler)' };
  }
  if (nonEmpty(env.DISPLAY) || nonEmpty(env.WAYLAND_DISPLAY)) {
    return { argv: ['xdg-open'], why: `xdg-open (${nonEmpty(env.WAYLAND_DISPLAY) ? 'WAYLAND_DISPLAY' : 'DISPLAY'} is set)` };
  }
  return { argv: null, why: 'there is no display ($DISPLAY, $WAYLAND_DISPLAY)' };
}

const nonEmpty = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';
