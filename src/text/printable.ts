// Text from the user's files and command line, made safe to show on a terminal.

const ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const CONTROL = /[\x00-\x1f\x7f-\x9f]/g;
const CONTROL_BUT_NEWLINE = /[\x00-\x09\x0b-\x1f\x7f-\x9f]/g;

/**
 * Control characters as escapes (\x1b, \r, \x00...): a config file or a profile name can hold them, and written raw
 * to a terminal they move the cursor, recolour or erase what the user reads. A message's own line breaks are kept
 * unless `newlines` is false (a name quoted inside a sentence must stay on its line).
 */
export function printable(text: string, { newlines = true } = {}): string {
  return text.replace(newlines ? CONTROL_BUT_NEWLINE : CONTROL, (c) => ESCAPES[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
