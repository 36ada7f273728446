// The secrets audit run after every end-to-end test: what the user or a log collector can see holds no secret,
// secrets sit only in the files meant to hold them, and those files are 0600 in 0700 directories.

import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import type { Emulator } from '../emulator/index.ts';
import { sandboxesToAudit, type Sandbox } from './sandbox.ts';

/** The emulator's secrets all carry these prefixes, so a leak is found even for a value no list recorded. */
const SECRET_PREFIX = /emu-(at|rt|cs|st|sg)-[A-Za-z0-9_-]{8,}/;

/** Where secrets belong: the token cache, the role-credential cache, and the credentials file. */
const SECRET_HOLDERS = [/^\.aws\/sso\/cache\/[^/]+\.json(\.\d+\.[a-z0-9]+\.tmp)?$/, /^\.aws\/cli\/cache\/[^/]+\.json(\.\d+\.[a-z0-9]+\.tmp)?$/, /^\.aws\/credentials$/];
const PRIVATE_DIRS = ['.aws/sso/cache', '.aws/cli', '.aws/cli/cache'];
/** The .cjs's code cache (src/cjs/chunkRegistry.ts): code V8 will run, so private like the secrets. */
const CODE_CACHE = /^\.cache\/keyrack-cp(\/|$)/;

export function secretsOf(emu: Emulator): string[] {
  return [
    ...emu.issued.tokens.flatMap((t) => [t.accessToken, t.refreshToken]),
    ...emu.issued.roleCredentials.flatMap((c) => [c.secretAccessKey, c.sessionToken]),
    ...emu.issued.signinTokens.map((t) => t.signinToken),
  ].filter((s): s is string => typeof s === 'string' && s.length >= 8);
}

/** Audits every sandbox made since the last call, then removes it; one that fails its audit is left for a look. */
export function auditSandboxes(emu: Emulator): void {
  const secrets = secretsOf(emu);
  for (const box of sandboxesToAudit.splice(0)) {
    auditSandbox(box, secrets);
    rmSync(box.home, { recursive: true, force: true });
  }
}

function auditSandbox(box: Sandbox, secrets: readonly string[]): void {
  for (const stderr of box.stderrs) {
    expect(stderr, 'a secret on stderr').not.toMatch(SECRET_PREFIX);
    expect(secrets.filter((s) => stderr.includes(s)), 'a secret on stderr').toEqual([]);
    expect(stderr, 'a stack trace on stderr').not.toMatch(/\n\s+at /);
  }
  for (const file of walk(box.home)) {
    const rel = relative(box.home, file);
    const text = readFileSync(file, 'latin1');
    const holdsSecret = SECRET_PREFIX.test(text) || secrets.some((s) => text.includes(s));
    if (holdsSecret) expect(SECRET_HOLDERS.some((re) => re.test(rel)), `secret in ${rel}`).toBe(true);
    if (!box.skipModeAudit && (SECRET_HOLDERS.some((re) => re.test(rel)) || CODE_CACHE.test(rel))) expect(statSync(file).mode & 0o777, `mode of ${rel}`).toBe(0o600);
  }
  if (!box.skipModeAudit) {
    for (const dir of PRIVATE_DIRS) {
      const st = statSync(join(box.home, dir), { throwIfNoEntry: false });
      if (st) expect(st.mode & 0o777, `mode of ${dir}`).toBe(0o700);
    }
    for (const dir of walkDirs(box.home)) {
      const rel = relative(box.home, dir);
      if (CODE_CACHE.test(rel)) expect(statSync(dir).mode & 0o777, `mode of ${rel}`).toBe(0o700);
    }
  }
}

function* walkDirs(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    yield join(dir, entry.name);
    yield* walkDirs(join(dir, entry.name));
  }
}

function* walk(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}
