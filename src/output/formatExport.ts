// The `aws configure export-credentials` formats, each value quoted so its shell takes it literally (pure).

import { failure } from '../errors.ts';
import type { RoleCredentials } from '../credentials/roleCredentials.ts';
import { formatAwsTimestamp } from '../token/awsTimestamp.ts';
import { formatCredentialProcess } from './formatCredentialProcess.ts';
import { quotePosix } from '../text/quotePosix.ts';

export const EXPORT_FORMATS = ['process', 'env', 'env-no-export', 'powershell', 'windows-cmd', 'fish'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const isExportFormat = (value: string): value is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(value);

/** The formats that are lines of variables (all but `process`): serve prints its endpoint's variables in them too. */
export type VariableFormat = Exclude<ExportFormat, 'process'>;
export const VARIABLE_FORMATS = EXPORT_FORMATS.filter((f): f is VariableFormat => f !== 'process');
export const isVariableFormat = (value: string): value is VariableFormat => (VARIABLE_FORMATS as readonly string[]).includes(value);

/**
 * The variables the AWS CLI exports, in its order; every SDK's environment provider reads them
 * (AWS_CREDENTIAL_EXPIRATION included, so a long-running SDK client knows when they stop working).
 */
function variables(creds: RoleCredentials): [string, string][] {
  return [
    ['AWS_ACCESS_KEY_ID', creds.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', creds.secretAccessKey],
    ['AWS_SESSION_TOKEN', creds.sessionToken],
    ['AWS_CREDENTIAL_EXPIRATION', formatAwsTimestamp(creds.expiration)],
  ];
}

/** `process` is keyrack-cp's own credential_process document (the one the main command prints, AccountId included). */
export function formatExport(creds: RoleCredentials, format: ExportFormat): string {
  if (format === 'process') return `${formatCredentialProcess(creds)}\n`;
  return formatVariables(variables(creds), format);
}

/** One line per variable, in its shell's syntax, each value quoted so that shell takes it literally. */
export function formatVariables(pairs: readonly (readonly [string, string])[], format: VariableFormat): string {
  const line = LINE[format];
  return pairs.map(([name, value]) => `${line(name, value)}\n`).join('');
}

// Each shell's line reads like the AWS CLI's for ordinary values (base64 keys and tokens) and stays literal for any
// other: credentials come from a server, and `eval` must never run what is in them.
const LINE: Record<VariableFormat, (name: string, value: string) => string> = {
  env: (name, value) => `export ${name}=${quotePosix(value)}`,
  'env-no-export': (name, value) => `${name}=${quotePosix(value)}`,
  fish: (name, value) => `set -gx ${name} ${quoteFish(value)}`,
  powershell: (name, value) => `$Env:${name}=${quotePowerShell(value)}`,
  'windows-cmd': (name, value) => setForCmd(name, value),
};

/** fish: double quotes, as the CLI writes them, where only `\`, `"` and `$` are special (`$(…)` expands since 3.4). */
export function quoteFish(value: string): string {
  return `"${value.replace(/[\\"$]/g, '\\$&')}"`;
}

/**
 * PowerShell: the CLI's double quotes when nothing in the value expands there (`$`, the backtick escape, and the
 * double quotes PowerShell also accepts as “ ” „); otherwise single quotes, where only a quote (also ‘ ’ ‚ ‛) is
 * special and is doubled.
 */
export function quotePowerShell(value: string): string {
  if (!/[$`"\u201c\u201d\u201e]/.test(value)) return `"${value}"`;
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, '$&$&')}'`;
}

/**
 * cmd.exe: `set NAME=value` for inert values, as the CLI writes it; `set "NAME=value"` when the value holds
 * `&|<>^()` or spaces, which the quotes make literal. `%` and `!` (variable expansion), `"` and line breaks cannot be
 * made literal on a cmd line at all: refuse rather than print a line that does something else.
 */
function setForCmd(name: string, value: string): string {
  if (/^[A-Za-z0-9_+/=.:,@-]+$/.test(value)) return `set ${name}=${value}`;
  if (!/["%!\r\n]/.test(value)) return `set "${name}=${value}"`;
  throw failure(
    'export --format windows-cmd',
    `${name} holds a character (" % ! or a line break) that cmd.exe would expand or cut`,
    'Use --format powershell instead.',
  );
}
