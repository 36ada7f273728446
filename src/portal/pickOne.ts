// Picking one account or role from a list by what a person types: its number in the list shown, its id or name, or
// part of it, narrowing the list until one is left. Pure; the prompt that asks is the caller's.

export interface Choice<T> {
  readonly item: T;
  /** What the list shows. */
  readonly label: string;
  /** Answers that name this choice exactly (an account id, an account or role name), compared without case. */
  readonly keys: readonly string[];
}

export type Pick<T> =
  | { readonly kind: 'picked'; readonly item: T }
  | { readonly kind: 'narrowed'; readonly choices: readonly Choice<T>[] }
  | { readonly kind: 'none'; readonly why: string };

/**
 * An exact id or name first (an account id is digits, so it must not be read as a list number), then a number of
 * the list shown, then the choices whose label holds the answer: one is picked, several are the new list.
 */
export function pickOne<T>(choices: readonly Choice<T>[], answer: string): Pick<T> {
  const text = answer.trim().toLowerCase();
  if (text === '') return { kind: 'none', why: 'nothing was typed' };
  const exact = choices.filter((c) => c.keys.some((k) => k.toLowerCase() === text));
  if (exact.length === 1) return { kind: 'picked', item: exact[0]!.item };
  // A short number is a place in the list, never part of an id; a long one (5 digits or more) may be either.
  if (/^\d{1,4}$/.test(text) && exact.length === 0) {
    const n = Number(text);
    if (n >= 1 && n <= choices.length) return { kind: 'picked', item: choices[n - 1]!.item };
    return { kind: 'none', why: `there is no ${n} in the list (1 to ${choices.length})` };
  }
  const matching = exact.length > 1 ? exact : choices.filter((c) => c.label.toLowerCase().includes(text));
  if (matching.length === 1) return { kind: 'picked', item: matching[0]!.item };
  if (matching.length === 0) return { kind: 'none', why: `none matches '${answer.trim()}'` };
  return { kind: 'narrowed', choices: matching };
}

/**
 * The list as shown: numbered from 1, one a line, at most `shown` of them (an organisation may list hundreds of
 * accounts; typing part of a name narrows them, and a number still picks any of them).
 */
export function formatChoices(choices: readonly Choice<unknown>[], shown = choices.length): string {
  const width = String(Math.min(choices.length, shown)).length;
  const lines = choices.slice(0, shown).map((c, i) => `  ${String(i + 1).padStart(width)}  ${c.label}\n`);
  const more = choices.length - shown;
  return lines.join('') + (more > 0 ? `  … and ${more} more: type part of a name or an id to narrow the list\n` : '');
}
