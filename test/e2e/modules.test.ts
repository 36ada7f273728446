// What each credential path compiles and loads, on both artifacts: a regression here costs every SDK call
// milliseconds. Measured costs per start on Node: node:crypto ~3 ms, node:zlib ~4 ms, the SDK ~19 ms merely compiled,
// process.stdout ~3 ms; the SDK's default credential chain, compiled on every refresh until lazySdkDefaults, ~20 ms.

import { describe, expect, test } from 'vitest';
import { tokenCacheJson } from '../emulator/index.ts';
import { ARTIFACTS, Sandbox, START_URL } from '../helpers/sandbox.ts';
import { useE2eEmulator } from '../helpers/e2eEmulator.ts';
import { traceModules, type ModuleTrace } from '../helpers/moduleTrace.ts';

const emu = useE2eEmulator();

/** A source's package (`@smithy/core`, `bowser`) or, for ours, its path (`src/sso/portalCalls.ts`). */
const unitOf = (source: string) => {
  if (!source.startsWith('node_modules/')) return source;
  const parts = source.split('/');
  return parts[1]!.startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1]!;
};
const units = (t: ModuleTrace) => [...new Set(t.sources.map(unitOf))].sort();

/**
 * What the token-valid path (one GetRoleCredentials) may compile beyond the hot path's code, and why.
 */
const PORTAL_CALL = [
  // The call itself: the client routine, its options and deadline, the answer's check, the error kinds.
  'src/sso/callPolicy.ts',
  'src/sso/callService.ts',
  'src/sso/clientOptions.ts',
  'src/sso/portalCalls.ts',
  'src/sso/ssoCallError.ts',
  'src/sso/validateResponses.ts',
  // The SSO client and its runtime (endpoint rules, retries, the REST-JSON protocol, the Node HTTP handler).
  '@aws-sdk/client-sso',
  '@aws-sdk/core',
  '@smithy/core',
  '@smithy/node-http-handler',
  '@smithy/types',
  // Modules of @aws-sdk/core that its client and protocols entry points hold together with what the call uses:
  // SigV4 (the signer is registered with every client), the recursion-detection middleware's Lambda store, and (in
  // the .cjs, where esbuild's chunk of the protocols holds every protocol) the XML builder. Both artifacts take the
  // SDK's ES module builds, so what is left of @aws-sdk/core and @smithy/core is what the clients import by name:
  // the browser user-agent parser (bowser), CBOR and the event streams are gone, and stay out (below).
  '@aws-sdk/xml-builder',
  '@smithy/signature-v4',
  '@aws/lambda-invoke-store',
];

/** What the refresh path (CreateToken, then GetRoleCredentials) may compile beyond that: the lock and the SSO-OIDC client. */
const REFRESH = [
  ...PORTAL_CALL,
  'src/lock/lockOwner.ts',
  'src/lock/parseProcStat.ts',
  'src/lock/planLockAttempt.ts',
  'src/lock/removeLockIfOwned.ts',
  'src/lock/systemLockIo.ts',
  'src/lock/withFileLock.ts',
  'src/sso/oidcCalls.ts',
  // Stands in for the SDK's default credential chain, which no call of ours uses (the file says why).
  'src/sso/lazyDefaultProvider.ts',
  '@aws-sdk/client-sso-oidc',
];

/**
 * The Node built-ins a network path may load, by name (Node's internal/… modules are their parts).
 * - the network: http, https (real AWS endpoints), net, tls and their internals; diagnostics_channel (http's);
 * - streams (http bodies) and string_decoder; process (the SDK reads its environment through it);
 * - crypto (the SDK's invocation id; in the .cjs also the check of its code cache files, src/cjs/chunkRegistry.ts);
 * - vm (the .cjs compiles its lazy chunks with it); zlib (in the .cjs: the SDK's CRC32 module, which imports it at
 *   its top, is in esbuild's chunk of the SDK's checksums, which the clients' SHA-256 needs);
 * - fs/promises (@smithy/core's config module imports readFile at its top), async_hooks (the Lambda store);
 * - perf_hooks (on the refresh path only: the SSO-OIDC client's retry timing).
 * Never: http2 (the SDK's CommonJS build of @smithy/node-http-handler imported it at its top, for an HTTP/2 handler
 * no client of ours uses), assert, child_process (a browser is opened only by a sign-in), readline as a module,
 * worker_threads, dns lookups of our own, inspector.
 */
const NETWORK_BUILTIN = /^(internal\/.*|_http_\w+|_tls_\w+|http|https|net|tls|diagnostics_channel|stream|stream\/promises|string_decoder|process|crypto|zlib|vm|fs\/promises|async_hooks|perf_hooks|events|buffer|path|querystring|timers|util|fs|url|os)$/;

/** What the network paths load no more: the default credential chain (lazySdkDefaults), and the browser parser. */
const NEVER_ON_A_NETWORK_PATH = ['bowser', '@aws-sdk/credential-provider-node'];

/**
 * The SDK's sources a network path compiled that it should not: any CommonJS build (each is one file per package or
 * submodule, so nothing of it can be left out: both artifacts take the ES module builds), and CBOR and the event
 * streams, which no client of ours speaks.
 */
const unshakenSdk = (t: ModuleTrace) => t.sources.filter((s) => /node_modules\/@(aws-sdk|smithy)\/[^/]+\/dist-cjs\/|@smithy\/core\/dist-\w+\/submodules\/(cbor|event-streams)\//.test(s));

const outside = (t: ModuleTrace, allowed: readonly string[], hot: ModuleTrace) => {
  const before = new Set(units(hot));
  return units(t).filter((u) => !before.has(u) && !allowed.includes(u));
};

describe.each(ARTIFACTS)('%s', (name, cmd) => {
  // What a cache hit has no use for: hashing and compression libraries, the network stack, and the stdout stream
  // (Node's name for its stream module's internals; Bun's chunks name it `stream`). In the executable also node:util,
  // a module of its own in Bun that cost a cache hit 1.1 MB of peak RSS for parseArgs alone (src/cli/parseOptions.ts
  // reads the words itself); Node has it loaded already, for its own module loader.
  const HOT_FORBIDDEN = name === 'single executable'
    ? /^(crypto|zlib|http|https|http2|net|tls|child_process|stream|internal\/streams\/readable|util)$/
    : /^(crypto|zlib|http|https|http2|net|tls|child_process|stream|internal\/streams\/readable)$/;

  test('a cache hit loads no crypto, zlib, network or stream modules, and no chunk', async () => {
    const box = new Sandbox(emu.url);
    box.writeToken(tokenCacheJson(emu.seedLogin({ startUrl: START_URL }), { startUrl: START_URL, region: 'us-east-1' }));
    const cold = await traceModules(box, cmd, ['--profile', 'dev']);
    expect(cold.builtins.filter((m) => /^(http|zlib)$/.test(m)).length).toBeGreaterThan(0); // the probe sees the network path
    const hot = await traceModules(box, cmd, ['--profile', 'dev']);
    expect(hot.builtins.filter((m) => HOT_FORBIDDEN.test(m))).toEqual([]);
    expect(hot.chunks).toEqual([]);
  });

  test('token valid: only the portal call, its SDK client and the network stack; never SSO-OIDC, the lock or a command', async () => {
    const box = new Sandbox(emu.url);
    box.writeToken(tokenCacheJson(emu.seedLogin({ startUrl: START_URL }), { startUrl: START_URL, region: 'us-east-1' }));
    const valid = await traceModules(box, cmd, ['--profile', 'dev', '--no-cache']);
    const hot = await traceModules(box, cmd, ['--profile', 'dev']);
    expect(emu.count('GetRoleCredentials')).toBe(2);
    expect(outside(valid, PORTAL_CALL, hot)).toEqual([]);
    expect(units(valid)).toContain('@aws-sdk/client-sso');
    expect(units(valid).filter((u) => NEVER_ON_A_NETWORK_PATH.includes(u))).toEqual([]);
    expect(unshakenSdk(valid)).toEqual([]);
    expect(valid.builtins.filter((m) => !NETWORK_BUILTIN.test(m))).toEqual([]);
  });

  test('refresh: the lock and SSO-OIDC besides; never the default credential chain, the sign-in or a command', async () => {
    const box = new Sandbox(emu.url);
    box.writeToken(tokenCacheJson(emu.seedLogin({ startUrl: START_URL, accessTokenTtlSeconds: 300 }), { startUrl: START_URL, region: 'us-east-1' }));
    const refresh = await traceModules(box, cmd, ['--profile', 'dev', '--no-cache']);
    expect(emu.count('CreateToken')).toBe(1);
    const hot = await traceModules(box, cmd, ['--profile', 'dev']);
    expect(outside(refresh, REFRESH, hot)).toEqual([]);
    expect(units(refresh)).toEqual(expect.arrayContaining(['@aws-sdk/client-sso-oidc', 'src/lock/withFileLock.ts']));
    expect(units(refresh).filter((u) => NEVER_ON_A_NETWORK_PATH.includes(u))).toEqual([]);
    expect(unshakenSdk(refresh)).toEqual([]);
    expect(refresh.builtins.filter((m) => !NETWORK_BUILTIN.test(m))).toEqual([]);
  });
});
