// The container-credentials document (the ECS/EKS endpoint's answer) that every SDK reads from
// AWS_CONTAINER_CREDENTIALS_FULL_URI: keyrack-cp serve's answer to an authorized request. Pure.

import type { RoleCredentials } from '../credentials/roleCredentials.ts';
import { formatAwsTimestamp } from '../token/awsTimestamp.ts';

/**
 * `Token`, not `SessionToken`: botocore's ContainerProvider and the JS SDK's fromHttp and fromContainerMetadata
 * require AccessKeyId, SecretAccessKey, Token and Expiration (an RFC 3339 time: fromHttp parses it strictly), and read
 * AccountId when present.
 */
export function formatContainerCredentials(creds: RoleCredentials): string {
  return JSON.stringify({
    AccessKeyId: creds.accessKeyId,
    SecretAccessKey: creds.secretAccessKey,
    Token: creds.sessionToken,
    Expiration: formatAwsTimestamp(creds.expiration),
    // Only a clean id: DynamoDB builds `{AccountId}.ddb…` endpoints from it.
    ...(/^\d{12}$/.test(creds.accountId) ? { AccountId: creds.accountId } : {}),
  });
}
