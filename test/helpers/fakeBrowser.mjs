#!/usr/bin/env node
// The browser in tests: started by keyrack-cp through $BROWSER with the sign-in URL, it GETs it and follows the
// redirects, as the browser of a user already signed in to the emulator would: /authorize answers with a redirect to
// keyrack-cp's own loopback callback server, which it then visits. Nothing is bypassed.
//
// $FAKE_BROWSER_LOG: a file that gets one JSON line per page visited: {host, path, query keys, status, body}.
// $FAKE_BROWSER_TAMPER=state: the state parameter is changed on the way to the loopback callback (a forged response).
// $FAKE_BROWSER_HOPS=N: visit at most N pages (1: the URL given and no redirect, which may lead off this machine).
import { appendFileSync } from 'node:fs';

const MAX_HOPS = Number(process.env.FAKE_BROWSER_HOPS ?? 10);
const tamper = process.env.FAKE_BROWSER_TAMPER;
let url = new URL(process.argv[2]);
for (let hop = 0; hop < MAX_HOPS; hop++) {
  const loopbackCallback = url.pathname === '/oauth/callback';
  if (loopbackCallback && tamper === 'state') url.searchParams.set('state', 'forged-state');
  let response;
  try {
    response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(60_000) });
  } catch (error) {
    record({ host: url.host, path: url.pathname, error: String(error) });
    break;
  }
  const body = await response.text();
  // The redirect's target only for a page that leaves the emulator for the web (a console login's Destination); an
  // OAuth redirect's URL carries the authorization code.
  const location = response.headers.get('location');
  const offsite = location && !/^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(location) ? { location } : {};
  record({ host: url.host, path: url.pathname, query: [...url.searchParams.keys()], status: response.status, body, ...offsite });
  if (response.status < 300 || response.status >= 400 || !location) break;
  url = new URL(location, url);
}

function record(entry) {
  if (process.env.FAKE_BROWSER_LOG) appendFileSync(process.env.FAKE_BROWSER_LOG, `${JSON.stringify(entry)}\n`);
}
