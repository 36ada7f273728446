import { expect, test } from 'vitest';
import { browserCommands } from '../../src/login/browserCommands.ts';

const U = 'https://x.example/a?b=c';
test.each<[string, NodeJS.ProcessEnv, NodeJS.Platform, string[][], RegExp]>([
  ['nothing: no browser (SSH, containers)', {}, 'linux', [], /no browser can be opened here: \$BROWSER is not set and there is no display/],
  ['empty values count as unset', { BROWSER: ' ', DISPLAY: '' }, 'linux', [], /no browser/],
  ['DISPLAY: xdg-open', { DISPLAY: ':0' }, 'linux', [['xdg-open', U]], /xdg-open \(DISPLAY is set\)/],
  ['WAYLAND_DISPLAY: xdg-open', { WAYLAND_DISPLAY: 'wayland-0' }, 'linux', [['xdg-open', U]], /WAYLAND_DISPLAY/],
  ['macOS: open', {}, 'darwin', [['open', U]], /open \(macOS\)/],
  ['$BROWSER: one program, the URL its argument', { BROWSER: '/opt/my browser' }, 'linux', [['/opt/my browser', U]], /^\$BROWSER$/],
  ['$BROWSER with %s: words, the URL in place', { BROWSER: "firefox --new-tab '%s'" }, 'linux', [['firefox', '--new-tab', U]], /\$BROWSER/],
  ['$BROWSER is a list, tried first', { BROWSER: 'w3m:lynx', DISPLAY: ':0' }, 'linux', [['w3m', U], ['lynx', U], ['xdg-open', U]], /\$BROWSER, then xdg-open/],
  ['Windows: only $BROWSER', { DISPLAY: ':0' }, 'win32', [], /no browser/],
])('%s', (_name, env, platform, commands, why) => {
  const choice = browserCommands(U, env, platform);
  expect(choice.commands).toEqual(commands);
  expect(choice.why).toMatch(why);
});
