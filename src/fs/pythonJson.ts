// JSON exactly as Python's json.dumps(obj) writes it, so cache files match the AWS CLI's byte for byte.

/**
 * Default json.dumps: `", "` and `": "` separators, one line, and ensure_ascii (non-ASCII as \uXXXX escapes).
 * `compact` is `separators=(",", ":")`, which the AWS CLI uses for cache keys.
 */
export function toPythonJson(value: unknown, options: { compact?: boolean } = {}): string {
  const [item, colon] = options.compact ? [',', ':'] : [', ', ': '];
  const inner = (v: unknown) => toPythonJson(v, options);
  if (Array.isArray(value)) return `[${value.map(inner).join(item)}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${asciiString(k)}${colon}${inner(v)}`).join(item)}}`;
  }
  if (typeof value === 'string') return asciiString(value);
  if (typeof value === 'number' && !Number.isFinite(value)) return value > 0 ? 'Infinity' : Number.isNaN(value) ? 'NaN' : '-Infinity';
  return JSON.stringify(value) ?? 'null';
}

function asciiString(s: string): string {
  // JSON.stringify already escapes quotes, backslashes and control characters as json.dumps does (\n, \u001f...).
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
