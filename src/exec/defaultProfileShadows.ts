// With --server, COMMAND's SDK finds the endpoint only after the profiles: a [default] profile that has credentials
// of its own wins over it (exec removes AWS_PROFILE, so [default] is the profile COMMAND's SDK reads). Pure.

import type { AwsConfig } from '../config/types.ts';

/**
 * The keys that give a profile credentials in botocore's chain or the JS SDK's before the container provider:
 * static keys, an assumed role, web identity, a credential process, SSO, `aws login`.
 */
const CREDENTIAL_KEYS = ['aws_access_key_id', 'role_arn', 'web_identity_token_file', 'credential_process', 'sso_session', 'sso_start_url', 'login_session'] as const;

/** Why COMMAND would not use the endpoint, or null. Without --server the environment keys come first and it does not apply. */
export function defaultProfileShadows(config: AwsConfig): string | null {
  const section = config.profiles.get('default');
  const keys = CREDENTIAL_KEYS.filter((k) => section?.has(k));
  if (keys.length === 0) return null;
  return (
    `profile 'default' gets credentials of its own (${keys.join(', ')}), which the SDKs try before ` +
    'AWS_CONTAINER_CREDENTIALS_FULL_URI: COMMAND will use those, not the endpoint (without --server, the environment keys come first)'
  );
}
