// The user's browser, in-process: GET a URL and follow its redirects (to our loopback callback server), as the
// browser of a user already signed in to the emulator would. The same walk as fakeBrowser.mjs, for tests that run
// the login code in-process.

export interface Visit {
  readonly host: string;
  readonly path: string;
  readonly status: number;
  readonly body: string;
}

export async function playBrowser(start: string, options: { tamperState?: boolean } = {}): Promise<Visit[]> {
  const visits: Visit[] = [];
  let url = new URL(start);
  for (let hop = 0; hop < 10; hop++) {
    if (options.tamperState && url.pathname === '/oauth/callback') url.searchParams.set('state', 'forged-state');
    const response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(30_000) });
    visits.push({ host: url.host, path: url.pathname, status: response.status, body: await response.text() });
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) break;
    url = new URL(location, url);
  }
  return visits;
}
