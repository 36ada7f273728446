// Browser (authorization code + PKCE) or device code, and whether a browser is opened. Pure, with the reason.

export type FlowChoice =
  | { readonly flow: 'pkce'; readonly openBrowser: boolean; readonly deviceFallback: boolean; readonly why: string }
  | { readonly flow: 'device'; readonly openBrowser: boolean; readonly why: string }
  | { readonly flow: 'none'; readonly why: string };

export interface FlowInputs {
  readonly useDeviceCode: boolean;
  readonly noBrowser: boolean;
  /** Some command may open a browser here (browserCommands found one). */
  readonly browser: boolean;
  /**
   * Someone reads what we print: always for `keyrack-cp login`; for --auto-login only when there is a controlling
   * terminal (an SDK holds our stderr until we exit, so a code printed there is never seen).
   */
  readonly userSeesText: boolean;
}

export function chooseLoginFlow(i: FlowInputs): FlowChoice {
  if (i.useDeviceCode) {
    return { flow: 'device', openBrowser: i.browser && !i.noBrowser, why: '--use-device-code' };
  }
  if (i.noBrowser) {
    return i.userSeesText
      ? { flow: 'pkce', openBrowser: false, deviceFallback: false, why: '--no-browser: the sign-in URL is printed for you to open on this machine' }
      : { flow: 'none', why: 'there is no terminal to print the sign-in URL on' };
  }
  if (i.browser) {
    return { flow: 'pkce', openBrowser: true, deviceFallback: i.userSeesText, why: 'a browser can be opened here' };
  }
  if (i.userSeesText) {
    return { flow: 'device', openBrowser: false, why: 'no browser can be opened here, so the device code flow is used' };
  }
  return { flow: 'none', why: 'there is no terminal to show a sign-in code on and no browser to open' };
}
