// Which Node built-ins a run of a built artifact loaded, for the module guards (test/e2e/hotPath.test.ts).
// Node: its own record (process.moduleLoadList), written at exit by a --require'd probe. Bun: the executable's chunks
// that the run loaded (a --preload'ed probe sees each import()), closed over their static imports with the build's
// chunk map (dist/keyrack-cp.meta.json), and the built-ins the sources inside those chunks import.

import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { expect } from 'vitest';
import { EXE, ROOT, type Sandbox } from './sandbox.ts';

export interface ModuleTrace {
  /** Built-in module names without `node:` ("crypto", "zlib", "internal/streams/readable" on Node). */
  readonly builtins: readonly string[];
  /** Bun only: the executable's chunks loaded with import() (file names), in the order loaded. */
  readonly chunks: readonly string[];
}

export async function traceModules(box: Sandbox, cmd: readonly string[], args: readonly string[]): Promise<ModuleTrace> {
  const trace = join(mkdtempSync(join(tmpdir(), 'krcp-trace-')), 'modules.json');
  const bun = cmd[0] === EXE;
  const probe = join(ROOT, 'test', 'e2e', bun ? 'bun_trace.cjs' : 'module_trace.cjs');
  const r = await box.run(cmd, args, bun ? { BUN_OPTIONS: `--preload ${probe}`, KEYRACK_TRACE_FILE: trace } : { NODE_OPTIONS: `--require ${probe}`, KEYRACK_TRACE_FILE: trace });
  expect([r.code, r.stderr]).toEqual([0, '']);
  const recorded = JSON.parse(readFileSync(trace, 'utf8')) as string[];
  if (!bun) {
    return { builtins: recorded.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice('NativeModule '.length)), chunks: [] };
  }
  const meta = JSON.parse(readFileSync(join(ROOT, 'dist', 'keyrack-cp.meta.json'), 'utf8')) as BunMetafile;
  const entry = Object.entries(meta.outputs).find(([, out]) => out.entryPoint === 'src/keyrack-cp.ts')![0];
  // The probe also sees the executable's main module resolved: that is the entry, not a chunk.
  const chunks = recorded.map((p) => basename(p)).filter((name) => name !== basename(entry));
  return { builtins: builtinsOfChunks(meta, [basename(entry), ...chunks]), chunks };
}

interface BunMetafile {
  readonly inputs: Record<string, { readonly imports?: ReadonlyArray<{ path: string; kind: string; external?: boolean }> }>;
  readonly outputs: Record<string, { readonly inputs: Record<string, unknown>; readonly imports?: ReadonlyArray<{ path: string; kind: string }>; readonly entryPoint?: string }>;
}

function builtinsOfChunks(meta: BunMetafile, loaded: readonly string[]): string[] {
  const outputs = new Map(Object.entries(meta.outputs).map(([name, out]) => [basename(name), out]));
  const evaluated = new Set<string>();
  const visit = (name: string) => {
    const out = outputs.get(name);
    if (!out) throw new Error(`chunk ${name} is not in dist/keyrack-cp.meta.json: is the build current?`);
    if (evaluated.has(name)) return;
    evaluated.add(name);
    for (const i of out.imports ?? []) if (i.kind === 'import-statement') visit(basename(i.path));
  };
  loaded.forEach(visit);
  const builtins = new Set<string>();
  for (const name of evaluated) {
    for (const input of Object.keys(outputs.get(name)!.inputs)) {
      for (const i of meta.inputs[input]?.imports ?? []) if (i.external && !i.path.startsWith('.')) builtins.add(i.path.replace(/^node:/, ''));
    }
  }
  return [...builtins].sort();
}
