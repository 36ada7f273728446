// The narrow, validated shape every later step works with: no optional fields, no raw config.

import { printable } from '../text/printable.ts';

export interface SsoSession {
  readonly name: string;
  readonly startUrl: string;
  readonly region: string;
  /** `sso_registration_scopes`, parsed the CLI's way (comma-separated, trimmed, empties dropped); [] when unset. */
  readonly registrationScopes: readonly string[];
}

export interface SsoProfile {
  readonly name: string;
  readonly session: SsoSession;
  readonly accountId: string;
  readonly roleName: string;
}

export const profileSubject = (name: string) => `profile '${printable(name, { newlines: false })}'`;
export const sessionSubject = (name: string) => `sso-session '${printable(name, { newlines: false })}'`;
