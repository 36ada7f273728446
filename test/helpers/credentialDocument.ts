// What a successful credential_process run must print (the contract's one JSON document), checked once for every
// end-to-end file that runs many.

import { expect } from 'vitest';
import type { RunResult } from './sandbox.ts';

/** The document's keys, in the order keyrack-cp prints them. */
export const CREDENTIAL_KEYS = ['Version', 'AccessKeyId', 'SecretAccessKey', 'SessionToken', 'Expiration', 'AccountId'];

/** Exit 0, nothing on stderr, and stdout exactly one credential_process document; returns it. */
export function credentialsOf(r: RunResult): Record<string, unknown> {
  expect({ code: r.code, signal: r.signal, stderr: r.stderr }).toEqual({ code: 0, signal: null, stderr: '' });
  expect(r.stdout).toMatch(/^\{[^\n]*\}\n$/);
  const doc = JSON.parse(r.stdout) as Record<string, unknown>;
  expect(Object.keys(doc)).toEqual(CREDENTIAL_KEYS);
  expect(doc.Version).toBe(1);
  expect(doc.AccountId).toBe('111122223333');
  return doc;
}
