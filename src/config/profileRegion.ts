// A profile's own `region`, as botocore reads it for that profile (no fallback to [default]: botocore has none). Pure.

import type { AwsConfig } from './types.ts';

export function profileRegion(config: AwsConfig, profileName: string): string | null {
  const value = config.profiles.get(profileName)?.get('region');
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
