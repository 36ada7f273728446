// The credential_process document: the only thing keyrack-cp ever writes to stdout.

import type { RoleCredentials } from '../credentials/roleCredentials.ts';
import { formatAwsTimestamp } from '../token/awsTimestamp.ts';

/** Version 1 of the contract both SDKs read; AccountId lets them skip the profile's aws_account_id. */
export function formatCredentialProcess(creds: RoleCredentials): string {
  return JSON.stringify({
    Version: 1,
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    SessionToken: creds.sessionToken,
    Expiration: formatAwsTimestamp(creds.expiration),
    AccountId: creds.accountId,
  });
}
