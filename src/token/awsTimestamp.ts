// Timestamps in the token cache: read every form botocore reads, write the one the AWS CLI writes.

/**
 * botocore parses `expiresAt` with dateutil and then compares it with an aware "now", so it accepts any zone
 * designator (`Z`, `+00:00`, `UTC`, fractions) and rejects a naive time or a number. We accept the same set.
 */
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)$/i;

export function parseAwsTimestamp(value: unknown): Date | null {
  if (typeof value !== 'string') return null;
  const m = TIMESTAMP.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = '', zone = 'Z'] = m;
  const ms = Number(frac.padEnd(3, '0').slice(0, 3));
  let offsetMin = 0;
  if (/^[+-]/.test(zone)) {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMin = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
    // Python's tzinfo refuses an offset of a day or more (+99:99), so botocore cannot read such a time.
    if (Math.abs(offsetMin) >= 24 * 60) return null;
  }
  const local = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, ms);
  const check = new Date(local);
  // Reject impossible times (2026-02-30, 25:00) rather than let Date roll them over.
  const valid =
    check.getUTCFullYear() === +y! && check.getUTCMonth() === +mo! - 1 && check.getUTCDate() === +d! &&
    check.getUTCHours() === +h! && check.getUTCMinutes() === +mi! && check.getUTCSeconds() === +s!;
  return valid ? new Date(local - offsetMin * 60_000) : null;
}

/** `YYYY-MM-DDTHH:MM:SSZ`: what botocore and the AWS CLI write (no fraction), and what credential_process prints. */
export function formatAwsTimestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
