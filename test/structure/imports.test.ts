// The shape of src/, as standing checks: no import circle (static or import()), so a chunk never imports what imports
// it and every module has one copy in both artifacts; and the layers import downwards only.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { expect, test } from 'vitest';
import { ROOT } from '../helpers/sandbox.ts';

const SRC = join(ROOT, 'src');
const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => join(SRC, f));

/** Every relative import of a file, `import type` included (a type circle is still a circle to a reader). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'|import\(\s*'(\.[^']+)'\s*\)/g)].map((m) => m[1] ?? m[2]!);
  return specs.map((s) => resolve(dirname(file), s));
}

const graph = new Map(files.map((f) => [f, importsOf(f)]));
const name = (f: string) => relative(SRC, f);

test('every import names a file that exists', () => {
  const missing = [...graph].flatMap(([f, deps]) => deps.filter((d) => !graph.has(d)).map((d) => `${name(f)} -> ${name(d)}`));
  expect(missing).toEqual([]);
});

test('no import circle in src/', () => {
  // Tarjan's strongly connected components: any component of more than one file is a circle.
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const circles: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        component.push(name(w));
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) circles.push(component.sort());
    }
  };
  for (const f of graph.keys()) if (!idx.has(f)) visit(f);
  expect(circles).toEqual([]);
});

/**
 * The flow's order, lowest first: a folder may import from its own level or below, never above. Below everything,
 * what every layer uses (errors, the logger, text and file helpers, the platform's rules); then reading and editing
 * the config, and the lock; the SSO calls; the token and the role credentials; what is made of them (the output
 * formats, sign-in and sign-out, status, running a command with them, serving them); and on top the command line,
 * the commands and the entry (and cjs/, the registry that only dist/keyrack-cp.cjs runs).
 */
const LAYERS: ReadonlyArray<readonly string[]> = [
  ['errors.ts', 'log.ts', 'remedies.ts', 'faultPoint.ts', 'platform', 'fs', 'text'],
  ['config', 'edit', 'lock'],
  ['sso', 'credentials/roleCredentials.ts'],
  ['token', 'credentials', 'portal'],
  ['output', 'login', 'logout', 'status', 'exec', 'serve', 'console'],
  ['cli', 'commands', 'run.ts', 'credentialPath.ts', 'main.ts', 'keyrack-cp.ts', 'cjs'],
];
const layerOf = (file: string): number => {
  const rel = name(file);
  const hits = LAYERS.flatMap((names, level) => names.filter((n) => rel === n || rel.startsWith(`${n}/`)).map((n) => ({ level, n })));
  if (hits.length === 0) throw new Error(`${rel} is in no layer: add its folder to LAYERS`);
  return hits.sort((a, b) => b.n.length - a.n.length)[0]!.level; // the most specific name
};

test('the layers import downwards only', () => {
  const upward = [...graph].flatMap(([f, deps]) => deps.filter((d) => graph.has(d) && layerOf(d) > layerOf(f)).map((d) => `${name(f)} -> ${name(d)}`));
  expect(upward).toEqual([]);
});
