// The COMMAND the exec tests run: it reports what it was given (its environment, its stdio, the signals it got),
// on stdout, as one JSON line.

import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { isatty } from 'node:tty';

const mode = process.argv[2];
const print = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);

if (mode === 'env') {
  print(Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(AWS_|KEYRACK_CP_)/.test(k))));
} else if (mode === 'stdio') {
  const input = readFileSync(0, 'utf8');
  process.stdout.write(`out:${input}\n`);
  process.stderr.write(`err:${input}\n`);
  print({ tty: [0, 1, 2].map((fd) => isatty(fd)) });
} else if (mode === 'fetch') {
  // What an SDK does with the endpoint exec --server gives it.
  const url = new URL(process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI);
  request({ host: url.hostname, port: url.port, path: url.pathname, headers: { Authorization: process.env.AWS_CONTAINER_AUTHORIZATION_TOKEN } }, (res) => {
    let body = '';
    res.on('data', (d) => (body += d));
    res.on('end', () => print({ status: res.statusCode, body: JSON.parse(body) }));
  }).end();
} else if (mode === 'signals') {
  // Counts the signals it gets; after the first, waits a moment for more (a second copy), then reports and exits 0.
  const got = [];
  for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(s, () => {
      if (got.push(s) === 1) setTimeout(() => { print({ signals: got, tty: isatty(0) }); process.exit(0); }, 500);
    });
  }
  process.stdout.write('ready\n');
  setInterval(() => {}, 1000);
} else {
  process.stderr.write(`unknown mode ${mode}\n`);
  process.exit(64);
}
