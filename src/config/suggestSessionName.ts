// A readable sso-session name for a start URL, shared by the legacy-profile message and `migrate`.

import type { AwsConfig } from './types.ts';

/**
 * The name a user would pick: the directory id or alias in the start URL's host
 * (`https://acme.awsapps.com/start` → `acme`, `https://d-9067a1b2c3.awsapps.com/start` → `d-9067a1b2c3`,
 * `https://ssoins-7223.portal.us-east-1.app.aws` → `ssoins-7223`), made safe for a section name.
 */
export function sessionNameFromStartUrl(startUrl: string): string {
  let host = '';
  try {
    host = new URL(startUrl).hostname;
  } catch {
    // Not a URL: fall back to the generic name below.
  }
  const label = (host.split('.')[0] ?? '').toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  // Dashes trimmed with a loop: /-+$/ is quadratic in a long run of dashes inside the label.
  let [start, end] = [0, label.length];
  while (start < end && label[start] === '-') start++;
  while (end > start && label[end - 1] === '-') end--;
  return label.slice(start, end) || 'sso';
}

/**
 * The session to suggest for a legacy profile: an existing `[sso-session]` that already has the same start URL
 * and region (so two legacy profiles end up sharing one login), else a new readable name not yet taken, neither by
 * the config nor by `taken` (the names `migrate` has already given to other start URLs in the same run).
 */
export function suggestSessionName(
  config: AwsConfig,
  startUrl: string,
  region: string,
  taken: ReadonlySet<string> = new Set(),
): { name: string; exists: boolean } {
  for (const [name, section] of config.ssoSessions) {
    if (section.get('sso_start_url') === startUrl && section.get('sso_region') === region) return { name, exists: true };
  }
  const base = sessionNameFromStartUrl(startUrl);
  const free = (n: string) => !config.ssoSessions.has(n) && !taken.has(n);
  let name = base;
  for (let i = 2; !free(name); i++) name = `${base}-${i}`;
  return { name, exists: false };
}
