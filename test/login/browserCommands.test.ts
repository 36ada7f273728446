// Which commands open the sign-in URL, per platform: $BROWSER first (split as Python's webbrowser splits it there),
// then xdg-open with a display on Linux, open on macOS, rundll32's URL handler on Windows; none over SSH on those two.

import { expect, test } from 'vitest';
import { browserCommands } from '../../src/login/browserCommands.ts';
import type { Platform } from '../../src/platform/platform.ts';

const U = 'https://x.example/a?b=c&d=e';
const RUNDLL32 = 'C:\\Windows\\System32\\rundll32.exe';
const WIN = { SystemRoot: 'C:\\Windows' };
test.each<[string, NodeJS.ProcessEnv, Platform, string[][], RegExp]>([
  ['linux: nothing: no browser (SSH, containers)', {}, 'linux', [], /no browser can be opened here: \$BROWSER is not set and there is no display/],
  ['linux: empty values count as unset', { BROWSER: ' ', DISPLAY: '' }, 'linux', [], /no browser/],
  ['linux: DISPLAY: xdg-open', { DISPLAY: ':0' }, 'linux', [['xdg-open', U]], /xdg-open \(DISPLAY is set\)/],
  ['linux: WAYLAND_DISPLAY: xdg-open', { WAYLAND_DISPLAY: 'wayland-0' }, 'linux', [['xdg-open', U]], /WAYLAND_DISPLAY/],
  ['linux: over SSH with X forwarding the display decides (the browser runs beside the callback)', { DISPLAY: 'localhost:10.0', SSH_CONNECTION: '1 2 3 4' }, 'linux', [['xdg-open', U]], /xdg-open/],
  ['linux: $BROWSER: one program, the URL its argument', { BROWSER: '/opt/my browser' }, 'linux', [['/opt/my browser', U]], /^\$BROWSER$/],
  ['linux: $BROWSER with %s: words, the URL in place', { BROWSER: "firefox --new-tab '%s'" }, 'linux', [['firefox', '--new-tab', U]], /\$BROWSER/],
  ['linux: $BROWSER is a :-list, tried first', { BROWSER: 'w3m:lynx', DISPLAY: ':0' }, 'linux', [['w3m', U], ['lynx', U], ['xdg-open', U]], /\$BROWSER, then xdg-open/],
  ['linux: an entry with an unclosed quote is skipped', { BROWSER: "firefox '%s" }, 'linux', [], /no browser/],
  ['darwin: open', {}, 'darwin', [['open', U]], /open \(macOS\)/],
  ['darwin: DISPLAY plays no part', { DISPLAY: ':0' }, 'darwin', [['open', U]], /^open \(macOS\)$/],
  ['darwin: $BROWSER, then open', { BROWSER: 'lynx' }, 'darwin', [['lynx', U], ['open', U]], /^\$BROWSER, then open \(macOS\)$/],
  ['darwin: over SSH, no open (it would show the page on the Mac\'s own screen)', { SSH_CONNECTION: '10.0.0.2 50000 10.0.0.1 22' }, 'darwin', [], /no browser can be opened here: \$BROWSER is not set and this is an SSH session \(SSH_CONNECTION is set\)/],
  ['darwin: SSH_TTY alone is SSH too', { SSH_TTY: '/dev/ttys001' }, 'darwin', [], /SSH_TTY is set/],
  ['darwin: over SSH, $BROWSER still', { SSH_CLIENT: '10.0.0.2 50000 22', BROWSER: 'lynx' }, 'darwin', [['lynx', U]], /^\$BROWSER$/],
  ['win32: rundll32 url.dll,FileProtocolHandler, by its full path', WIN, 'win32', [[RUNDLL32, 'url.dll,FileProtocolHandler', U]], /^the default browser \(rundll32 url\.dll,FileProtocolHandler\)$/],
  ['win32: the URL is one argument, & and all (no cmd.exe)', WIN, 'win32', [[RUNDLL32, 'url.dll,FileProtocolHandler', 'https://x.example/a?b=c&d=e']], /rundll32/],
  ['win32: SystemRoot on another drive', { SystemRoot: 'D:\\WINNT' }, 'win32', [['D:\\WINNT\\System32\\rundll32.exe', 'url.dll,FileProtocolHandler', U]], /rundll32/],
  ['win32: windir when SystemRoot is unset', { windir: 'E:\\Windows' }, 'win32', [['E:\\Windows\\System32\\rundll32.exe', 'url.dll,FileProtocolHandler', U]], /rundll32/],
  ['win32: neither: C:\\Windows', {}, 'win32', [[RUNDLL32, 'url.dll,FileProtocolHandler', U]], /rundll32/],
  ['win32: DISPLAY plays no part', { ...WIN, DISPLAY: ':0' }, 'win32', [[RUNDLL32, 'url.dll,FileProtocolHandler', U]], /^the default browser/],
  ['win32: $BROWSER is a ;-list (a : follows every drive letter)', { ...WIN, BROWSER: 'C:\\Program Files\\Mozilla Firefox\\firefox.exe;D:\\lynx.exe' }, 'win32', [['C:\\Program Files\\Mozilla Firefox\\firefox.exe', U], ['D:\\lynx.exe', U], [RUNDLL32, 'url.dll,FileProtocolHandler', U]], /^\$BROWSER, then the default browser/],
  ['win32: $BROWSER with %s: words split on spaces outside double quotes, backslashes kept', { ...WIN, BROWSER: '"C:\\Program Files\\Firefox\\firefox.exe" -new-tab %s' }, 'win32', [['C:\\Program Files\\Firefox\\firefox.exe', '-new-tab', U], [RUNDLL32, 'url.dll,FileProtocolHandler', U]], /\$BROWSER/],
  ['win32: %s inside quotes, an empty quoted word kept', { ...WIN, BROWSER: 'C:\\b.exe "" "%s"' }, 'win32', [['C:\\b.exe', '', U], [RUNDLL32, 'url.dll,FileProtocolHandler', U]], /\$BROWSER/],
  ['win32: an entry with an unclosed quote is skipped', { ...WIN, BROWSER: '"C:\\b.exe %s' }, 'win32', [[RUNDLL32, 'url.dll,FileProtocolHandler', U]], /^the default browser/],
  ['win32: over SSH (OpenSSH for Windows), no rundll32', { ...WIN, SSH_CONNECTION: '10.0.0.2 50000 10.0.0.1 22', SSH_CLIENT: '10.0.0.2 50000 22' }, 'win32', [], /no browser can be opened here: \$BROWSER is not set and this is an SSH session \(SSH_CONNECTION is set\)/],
  ['win32: over SSH, $BROWSER still', { ...WIN, SSH_CLIENT: '10.0.0.2 50000 22', BROWSER: 'C:\\b.exe' }, 'win32', [['C:\\b.exe', U]], /^\$BROWSER$/],
  ['freebsd: as Linux', { DISPLAY: ':0' }, 'freebsd', [['xdg-open', U]], /xdg-open/],
])('%s', (_name, env, platform, commands, why) => {
  const choice = browserCommands(U, env, platform);
  expect(choice.commands).toEqual(commands);
  expect(choice.why).toMatch(why);
});
