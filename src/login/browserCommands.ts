// Which commands could open a URL in the user's browser here: $BROWSER as xdg-open reads it, else the platform's
// opener (platform/systemBrowser.ts). Pure: none means "use the device code flow".

import type { Platform } from '../platform/platform.ts';
import { browserListSeparator, splitBrowserEntry, systemOpener } from '../platform/systemBrowser.ts';

export interface BrowserChoice {
  /** Each an argv with the URL in place, to try in order. */
  readonly commands: ReadonlyArray<readonly string[]>;
  /** Why these (or why none), for --debug and for the message when none. */
  readonly why: string;
}

/**
 * `$BROWSER` is a list (xdg-open, Python's webbrowser). An entry with `%s` is split into words and the URL put in
 * its place; an entry without is one program that gets the URL as its argument. Then the platform's opener.
 */
export function browserCommands(url: string, env: NodeJS.ProcessEnv, platform: Platform): BrowserChoice {
  const commands: string[][] = [];
  for (const entry of (env.BROWSER ?? '').split(browserListSeparator(platform))) {
    const command = entry.trim();
    if (command === '') continue;
    if (command.includes('%s')) {
      const words = splitBrowserEntry(platform, command);
      if (words && words.length > 0) commands.push(words.map((w) => w.replaceAll('%s', url)));
    } else {
      commands.push([command, url]);
    }
  }
  const fromEnv = commands.length > 0 ? ['$BROWSER'] : [];
  const opener = systemOpener(platform, env);
  if (opener.argv) {
    commands.push([...opener.argv, url]);
    return { commands, why: [...fromEnv, opener.why].join(', then ') };
  }
  if (commands.length > 0) return { commands, why: '$BROWSER' };
  return { commands, why: `no browser can be opened here: $BROWSER is not set and ${opener.why}` };
}
