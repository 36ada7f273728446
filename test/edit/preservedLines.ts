// The byte-preservation invariant, checked independently of the golden files: outside the sections an edit may
// touch, the file's lines (each with its own line ending) are exactly the same, in the same order.

import { scanIni, type ScannedIni } from '../../src/edit/iniLines.ts';

/** Each line as text + ending, except those of the named sections (header to the next header). */
export function linesOutside(text: string, touched: (sectionName: string) => boolean): string[] {
  const scan: ScannedIni = scanIni(text);
  return scan.lines.filter((line) => line.section < 0 || !touched(scan.sections[line.section]!.name)).map((l) => l.text + l.eol);
}

/**
 * What an edit that may also append sections at the end (after one blank separator line) and must give the old
 * last line a line ending to do so, leaves of the rest: the old lines, the last one compared without its ending.
 */
export function sameOutside(before: string, after: string, touched: (sectionName: string) => boolean): boolean {
  const a = linesOutside(before, touched);
  const b = linesOutside(after, touched);
  const strip = (l: string | undefined) => (l ?? '').replace(/\r\n|\r|\n$/, '');
  if (a.length === 0) return b.every((l) => strip(l) === '');
  const lastA = a.length - 1;
  if (!a.slice(0, lastA).every((l, i) => l === b[i])) return false;
  if (strip(a[lastA]) !== strip(b[lastA])) return false;
  return b.slice(a.length).every((l) => strip(l) === '');
}
