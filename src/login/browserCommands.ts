// Which commands could open a URL in the user's browser here: $BROWSER as xdg-open reads it, else the desktop's
// opener when a desktop is plausible. Pure: none means "use the device code flow".

import { shlexSplit } from '../config/pyString.ts';

export interface BrowserChoice {
  /** Each an argv with the URL in place, to try in order. */
  readonly commands: ReadonlyArray<readonly string[]>;
  /** Why these (or why none), for --debug and for the message when none. */
  readonly why: string;
}

/**
 * `$BROWSER` is a `:`-separated list (xdg-open, Python's webbrowser). An entry with `%s` is split into words and the
 * URL put in its place; an entry without is one program that gets the URL as its argument. After it, xdg-open when
 * there is a display (over SSH or in a container there usually is none), or `open` on macOS.
 */
export function browserCommands(url: string, env: NodeJS.ProcessEnv, platform: NodeJS.Platform): BrowserChoice {
  const commands: string[][] = [];
  for (const entry of (env.BROWSER ?? '').split(':')) {
    const command = entry.trim();
    if (command === '') continue;
    if (command.includes('%s')) {
      const words = shlexSplit(command);
      if (words && words.length > 0) commands.push(words.map((w) => w.replaceAll('%s', url)));
    } else {
      commands.push([command, url]);
    }
  }
  const fromEnv = commands.length > 0 ? ['$BROWSER'] : [];
  if (platform === 'darwin') {
    commands.push(['open', url]);
    return { commands, why: [...fromEnv, 'open (macOS)'].join(', then ') };
  }
  if (platform !== 'win32' && (nonEmpty(env.DISPLAY) || nonEmpty(env.WAYLAND_DISPLAY))) {
    commands.push(['xdg-open', url]);
    return { commands, why: [...fromEnv, `xdg-open (${nonEmpty(env.WAYLAND_DISPLAY) ? 'WAYLAND_DISPLAY' : 'DISPLAY'} is set)`].join(', then ') };
  }
  if (commands.length > 0) return { commands, why: '$BROWSER' };
  return { commands, why: 'no browser can be opened here: $BROWSER is not set and there is no display ($DISPLAY, $WAYLAND_DISPLAY)' };
}

const nonEmpty = (v: string | undefined) => v !== undefined && v.trim() !== '';
