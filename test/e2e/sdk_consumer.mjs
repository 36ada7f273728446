// What the AWS SDK for JavaScript v3 makes of a credential_process profile: fromIni's credentials, and an STS call
// signed with them. Prints one JSON line. Run by consumers.test.ts with a clean environment and a throwaway HOME.

import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';

const profile = process.argv[2];
let credentials;
let identity;
try {
  credentials = await fromIni({ profile })();
  // A client as an application builds one: the provider, not the resolved keys, so the SDK runs the process itself.
  const sts = new STSClient({ region: 'us-east-1', credentials: fromIni({ profile }) });
  identity = await sts.send(new GetCallerIdentityCommand({}));
  sts.destroy();
} catch (err) {
  // What the application would catch: the error's name and message, exit 1.
  console.log(JSON.stringify({ error: err.name, message: err.message }));
  process.exit(1);
}
console.log(JSON.stringify({
  credentials: {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
    expiration: credentials.expiration?.toISOString(),
    accountId: credentials.accountId,
  },
  identity: { Account: identity.Account, Arn: identity.Arn, UserId: identity.UserId },
}));
