// A word for sh, bash and zsh, taken literally: for the export lines and for the commands messages tell users to paste.

/**
 * Bare when every character is inert (shlex.quote's set, less a leading `=`, which zsh expands to a command's path),
 * else single quotes, in which nothing is special; a `'` is closed, escaped and reopened.
 */
export function quotePosix(value: string): string {
  if (/^[A-Za-z0-9_@%+:,./-][A-Za-z0-9_@%+=:,./-]*$/.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
