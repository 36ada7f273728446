// The options of login, logout and status: node:util parseArgs, strict; a usage error is exit 2.

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { configError } from '../errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values<T extends Options> = { [K in keyof T]?: T[K]['type'] extends 'string' ? string : boolean } & { help?: boolean; debug?: boolean };

/** Every command also takes --help and --debug (main reads --debug itself; strict mode must allow it). */
export function readCommandOptions<T extends Options>(command: string, argv: readonly string[], options: T): Values<T> {
  const remedy = `Run keyrack-cp ${command} --help for its options.`;
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, strict: true, options: { ...options, help: { type: 'boolean', short: 'h' }, debug: { type: 'boolean' } } });
  } catch (error) {
    // Node's message names the option; its advice about '--' does not apply here.
    throw configError('usage', String((error as Error).message).split(/\. ?To specify/)[0]!.replace(/\.$/, ''), remedy);
  }
  if (parsed.positionals.length > 0) throw configError('usage', `keyrack-cp ${command} takes no argument '${parsed.positionals[0]}'`, remedy);
  return parsed.values as Values<T>;
}
