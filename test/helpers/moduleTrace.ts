// What a run of a built artifact loaded, for the module guards (test/e2e/modules.test.ts): the Node built-ins and the
// sources (ours and the packages') whose code it compiled.
// - Node (dist/keyrack-cp.cjs): a --require'd probe records Node's own list of built-ins and the lazy chunks the .cjs
//   compiled; the build's chunk map (dist/keyrack-cp.cjs.meta.json) gives each chunk's sources.
// - Bun (dist/keyrack-cp): a --preload'ed probe sees each chunk import() loads; the build's metafile
//   (dist/keyrack-cp.meta.json) closes them over their static imports and gives their sources and built-ins.

import { mkdtempSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect } from 'vitest';
import { EXE, ROOT, type Sandbox } from './sandbox.ts';

export interface ModuleTrace {
  /** Built-in module names without `node:` ("crypto", "zlib"; on Node also "internal/streams/readable" and the like). */
  readonly builtins: readonly string[];
  /** The lazy chunks loaded (file names), in the order loaded: none on the hot path. */
  readonly chunks: readonly string[];
  /** Every source file whose code the run compiled: src/… and node_modules/… paths, sorted. */
  readonly sources: readonly string[];
  /** The .cjs only: each lazy chunk compiled, whether V8 was given a code cache for it, and whether it refused it. */
  readonly compiled: ReadonlyArray<{ readonly chunk: string; readonly cachedData: boolean; readonly rejected: boolean }>;
}

export async function traceModules(box: Sandbox, cmd: readonly string[], args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ModuleTrace> {
  const trace = join(mkdtempSync(join(tmpdir(), 'krcp-trace-')), 'modules.json');
  const bun = cmd[0] === EXE;
  const probe = join(ROOT, 'test', 'e2e', bun ? 'bun_trace.cjs' : 'module_trace.cjs');
  const r = await box.run(cmd, args, { ...env, ...(bun ? { BUN_OPTIONS: `--preload ${probe}` } : { NODE_OPTIONS: `--require ${probe}` }), KEYRACK_TRACE_FILE: trace });
  expect([r.code, r.stderr]).toEqual([0, '']);
  return bun ? bunTrace(JSON.parse(readFileSync(trace, 'utf8')) as string[]) : nodeTrace(JSON.parse(readFileSync(trace, 'utf8')) as NodeRecord);
}

interface NodeRecord {
  readonly modules: string[];
  readonly chunks: string[];
  readonly compiled: ModuleTrace['compiled'];
}

function nodeTrace(recorded: NodeRecord): ModuleTrace {
  const map = JSON.parse(readFileSync(join(ROOT, 'dist', 'keyrack-cp.cjs.meta.json'), 'utf8')) as { eager: string[]; chunks: Record<string, string[]> };
  const sources = new Set([...map.eager, ...recorded.chunks].flatMap((c) => map.chunks[c] ?? []));
  return {
    builtins: recorded.modules.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length)),
    chunks: recorded.chunks,
    sources: [...sources].sort(),
    compiled: recorded.compiled,
  };
}

interface BunMetafile {
  readonly inputs: Record<string, { readonly imports?: ReadonlyArray<{ path: string; kind: string; external?: boolean }> }>;
  readonly outputs: Record<string, { readonly inputs: Record<string, unknown>; readonly imports?: ReadonlyArray<{ path: string; kind: string }>; readonly entryPoint?: string }>;
}

function bunTrace(recorded: string[]): ModuleTrace {
  const meta = JSON.parse(readFileSync(join(ROOT, 'dist', 'keyrack-cp.meta.json'), 'utf8')) as BunMetafile;
  const outputs = new Map(Object.entries(meta.outputs).map(([name, out]) => [basename(name), out]));
  const entry = basename(Object.entries(meta.outputs).find(([, out]) => out.entryPoint === 'src/keyrack-cp.ts')![0]);
  // The probe also sees the executable's main module resolved: that is the entry, not a chunk.
  const chunks = recorded.map((p) => basename(p)).filter((name) => name !== entry);
  const evaluated = new Set<string>();
  const visit = (name: string) => {
    const out = outputs.get(name);
    if (!out) throw new Error(`chunk ${name} is not in dist/keyrack-cp.meta.json: is the build current?`);
    if (evaluated.has(name)) return;
    evaluated.add(name);
    for (const i of out.imports ?? []) if (i.kind === 'import-statement') visit(basename(i.path));
  };
  [entry, ...chunks].forEach(visit);
  const sources = new Set<string>();
  const builtins = new Set<string>();
  for (const name of evaluated) {
    for (const input of Object.keys(outputs.get(name)!.inputs)) {
      sources.add(input);
      // Bun's metafile also marks a package's `export * from '@scope/pkg/sub'` external while bundling it (the
      // executables run with no node_modules: test/targets/bareContainer.test.ts), so only a built-in's name counts.
      for (const i of meta.inputs[input]?.imports ?? []) if (i.external && isBuiltin(i.path)) builtins.add(i.path.replace(/^node:/, ''));
    }
  }
  return { builtins: [...builtins].sort(), chunks, sources: [...sources].sort(), compiled: [] };
}
