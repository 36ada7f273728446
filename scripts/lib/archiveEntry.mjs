// What the archive writers (ustar.mjs, zip.mjs) take: named entries, put in one order so that the same files make
// the same archive whatever order the caller lists them in.

/**
 * @typedef {object} ArchiveEntry
 * @property {string} name   a directory's ends with '/'
 * @property {number} mode   permission bits, e.g. 0o755
 * @property {Buffer} [data] a file's content (none for a directory)
 */

/**
 * Entries in byte order of their names (so a directory comes before what it holds), refusing two of one name.
 * @param {readonly ArchiveEntry[]} entries
 */
export function sortedEntries(entries) {
  const sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  const twice = sorted.find((e, i) => i > 0 && e.name === sorted[i - 1].name);
  if (twice) throw new Error(`${twice.name} is in the archive twice`);
  return sorted;
}
