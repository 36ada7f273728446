// A unified diff (`diff -u` format, which patch applies) of two texts, for `migrate --dry-run`. Lines are split at
// '\n' as diff and patch split them, so a CRLF line shows its '\r' and a missing final newline is marked.
//
// Hand-written, beside the well-kept `diff` package (jsdiff), because it was tried and measured: jsdiff 8.0.4's
// structuredPatch passed every test here (GNU diff's output for simple edits, GNU patch on 300 random edits), but
// grew dist/keyrack-cp.cjs by 2,041 B, and its formatter writes an "Index:" line and ",1" ranges that GNU diff does
// not, so the formatting below would stay anyway. What remains is Myers' diff, about 60 lines, off the hot path.

interface Line {
  readonly text: string;
  readonly newline: boolean;
}

type Op = { readonly kind: ' ' | '-' | '+'; readonly line: Line; readonly a: number; readonly b: number };

const CONTEXT = 3;

export function unifiedDiff(
  before: string,
  after: string,
  labels: { readonly from: string; readonly to: string },
  /** Rewrites a line for display (masking a secret); the diff itself is computed on the real lines. */
  show: (text: string) => string = (text) => text,
): string {
  const a = toLines(before);
  const b = toLines(after);
  const ops = diffLines(a, b);
  if (ops.every((op) => op.kind === ' ')) return '';
  let out = `--- ${labels.from}\n+++ ${labels.to}\n`;
  for (const hunk of hunks(ops)) {
    const oldLines = hunk.filter((op) => op.kind !== '+');
    const newLines = hunk.filter((op) => op.kind !== '-');
    out += `@@ -${range(hunk[0]!.a, oldLines.length)} +${range(hunk[0]!.b, newLines.length)} @@\n`;
    for (const op of hunk) {
      out += `${op.kind}${show(op.line.text)}\n`;
      if (!op.line.newline) out += '\\ No newline at end of file\n';
    }
  }
  return out;
}

function toLines(text: string): Line[] {
  if (text === '') return [];
  const parts = text.split('\n');
  const last = parts.pop()!;
  const lines: Line[] = parts.map((t) => ({ text: t, newline: true }));
  if (last !== '') lines.push({ text: last, newline: false });
  return lines;
}

const same = (x: Line, y: Line) => x.text === y.text && x.newline === y.newline;

/** `start,count` as diff prints it: 1-based; an empty side names the line before it (`0,0` at the top). */
function range(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  return count === 1 ? `${start + 1}` : `${start + 1},${count}`;
}

/**
 * Myers' O((N+M)·D) shortest edit script. Each op carries the 0-based positions in a and b where it applies.
 * Within a run of changes, removals come before additions, as diff prints them.
 */
function diffLines(a: readonly Line[], b: readonly Line[]): Op[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!) ? v[offset + k + 1]! : v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && same(a[x]!, b[y]!)) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  // Walk back through the saved frontiers.
  const reversed: Op[] = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const down = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!);
    const prevK = down ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      reversed.push({ kind: ' ', line: a[x]!, a: x, b: y });
    }
    if (d === 0) break;
    if (down) {
      y--;
      reversed.push({ kind: '+', line: b[y]!, a: x, b: y });
    } else {
      x--;
      reversed.push({ kind: '-', line: a[x]!, a: x, b: y });
    }
  }
  return removalsFirst(reversed.reverse());
}

function removalsFirst(ops: Op[]): Op[] {
  const out: Op[] = [];
  for (let i = 0; i < ops.length; ) {
    if (ops[i]!.kind === ' ') {
      out.push(ops[i++]!);
      continue;
    }
    let j = i;
    while (j < ops.length && ops[j]!.kind !== ' ') j++;
    const run = ops.slice(i, j);
    const removed = run.filter((op) => op.kind === '-');
    const added = run.filter((op) => op.kind === '+');
    const a0 = run[0]!.a;
    const b0 = run[0]!.b;
    out.push(...removed.map((op, r) => ({ ...op, a: a0 + r, b: b0 })), ...added.map((op, r) => ({ ...op, a: a0 + removed.length, b: b0 + r })));
    i = j;
  }
  return out;
}

/** Changes with up to 3 lines of context each side; changes closer than 6 lines share a hunk. */
function hunks(ops: readonly Op[]): Op[][] {
  const changed = ops.flatMap((op, i) => (op.kind === ' ' ? [] : [i]));
  const result: Op[][] = [];
  let start = -1;
  let end = -1;
  for (const i of changed) {
    if (start >= 0 && i - end <= 2 * CONTEXT + 1) {
      end = i;
      continue;
    }
    if (start >= 0) result.push(ops.slice(Math.max(0, start - CONTEXT), Math.min(ops.length, end + CONTEXT + 1)));
    start = i;
    end = i;
  }
  if (start >= 0) result.push(ops.slice(Math.max(0, start - CONTEXT), Math.min(ops.length, end + CONTEXT + 1)));
  return result;
}

/**
 * For `show`: values of keys that hold secrets are not shown in a diff of a config file (context lines may be any
 * line of the file).
 */
export function maskSecret(line: string): string {
  return line.replace(/^(\s*[^=:\s][^=:]*?(secret|token|password)[^=:]*[=:]\s*)\S.*?(\r?)$/i, '$1***$3');
}
