// The two facts a waiter needs from /proc/<pid>/stat: is the process a zombie, and when did it start. Pure.

export interface ProcStat {
  /** Field 3: R, S, D, T, t, Z (zombie), X (dead), … */
  readonly state: string;
  /** Field 22, clock ticks after boot, kept as text: compared for equality only, and it can pass 2^53 in theory. */
  readonly startTime: string;
}

/**
 * Fields are counted after the last ')': field 2 is the command name in parentheses, and a name may itself hold
 * spaces and parentheses ("(a) b)"), so splitting the whole line on spaces would shift every field after it.
 */
export function parseProcStat(text: string): ProcStat | null {
  const close = text.lastIndexOf(')');
  if (close < 0) return null;
  const fields = text.slice(close + 1).trim().split(/\s+/);
  const state = fields[0];
  const startTime = fields[22 - 3];
  if (!state || !startTime || !/^\d+$/.test(startTime)) return null;
  return { state, startTime };
}
