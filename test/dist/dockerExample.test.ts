// examples/docker/Dockerfile says what it copies and where it runs; Docker cannot run here, so this checks that what
// it says holds: the file it copies is one the build makes, for the libc of the image it names, and the run line
// mounts ~/.aws where the image's HOME looks for it.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { BUNDLE_MARKER, checkExecutable } from '../../scripts/lib/executableFormat.mjs';
import { executableName, TARGETS } from '../../scripts/lib/targets.mjs';
import { ROOT } from '../helpers/sandbox.ts';

const DOCKERFILE = 'examples/docker/Dockerfile';
const text = readFileSync(join(ROOT, DOCKERFILE), 'utf8');
const comments = text.split('\n').filter((l) => l.startsWith('#')).map((l) => l.replace(/^#\s?/, ''));
/** The instructions, as [keyword, rest of line]: the file has no line continuations (checked). */
const instructions = text
  .split('\n')
  .filter((l) => l.trim() !== '' && !l.startsWith('#'))
  .map((l) => {
    if (l.endsWith('\\')) throw new Error(`${DOCKERFILE}: a continued line, which this test does not read: ${l}`);
    const [keyword, ...rest] = l.trim().split(/\s+/);
    return [keyword!.toUpperCase(), rest.join(' ')] as const;
  });
const all = (keyword: string) => instructions.filter(([k]) => k === keyword).map(([, rest]) => rest);
const [copySource, copyDestination] = all('COPY')[0]!.split(' ').filter((w) => !w.startsWith('--'));
const home = all('ENV').map((e) => e.match(/^HOME=(\S+)$/)?.[1]).find(Boolean);

test('one stage from gcr.io/distroless/cc-debian12: glibc, libgcc and libstdc++, no shell', () => {
  expect(all('FROM')).toEqual(['gcr.io/distroless/cc-debian12']);
});

test('it copies the glibc linux-x64 executable the build makes, 0755, to the path its ENTRYPOINT runs', () => {
  const target = TARGETS.find((t) => t.os === 'linux' && t.cpu === 'x64' && t.libc === 'glibc')!;
  expect(all('COPY')).toHaveLength(1);
  expect(all('COPY')[0]).toMatch(/^--chmod=0755 /);
  expect(copySource).toBe(`dist/${executableName(target)}`);
  const built = join(ROOT, copySource!);
  expect(existsSync(built), `${copySource} is not built: run npm run build:all first (npm test does)`).toBe(true);
  expect(checkExecutable(readFileSync(built), target, BUNDLE_MARKER)).toMatchObject({ ok: true });
  expect(all('ENTRYPOINT')).toEqual([JSON.stringify([copyDestination])]);
});

test('every dist/ file it names, the Alpine alternative included, is one the build makes', () => {
  const named = [...new Set(text.match(/dist\/[\w-]+(?:\.exe)?/g))];
  expect(named.sort()).toEqual(['dist/keyrack-cp-linux-x64', 'dist/keyrack-cp-linux-x64-musl']);
  for (const path of named) {
    expect(TARGETS.map((t) => `dist/${executableName(t)}`)).toContain(path);
    expect(existsSync(join(ROOT, path)), `${path} is not built`).toBe(true);
  }
  expect(comments.join('\n')).toMatch(/apk add --no-cache libstdc\+\+ libgcc/);
});

test('HOME is set, a non-root USER, and the docker run line mounts ~/.aws at $HOME/.aws as the caller', () => {
  expect(home).toMatch(/^\/\S+$/);
  expect(all('USER')).toEqual(['65532:65532']);
  const runLine = comments.find((l) => l.trim().startsWith('docker run '));
  expect(runLine).toBeDefined();
  expect(runLine).toContain(`-v "$HOME/.aws:${home}/.aws"`);
  expect(runLine).toContain('--user "$(id -u):$(id -g)"');
  expect(comments.find((l) => l.trim().startsWith('docker build '))).toContain(`-f ${DOCKERFILE} `);
});

test('Dockerfile.dockerignore sends the daemon only what the Dockerfile copies', () => {
  const rules = readFileSync(join(ROOT, `${DOCKERFILE}.dockerignore`), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  expect(rules).toEqual(['*', `!${copySource}`]);
});
