// What the AWS SDK for JavaScript v3 makes of the default credential chain, as an application uses it with no profile
// (a program run by keyrack-cp exec, a container given AWS_CONTAINER_CREDENTIALS_FULL_URI): the credentials and which
// provider gave them, and an STS call signed with them. Prints one JSON line. `fromHttp-error`: what fromHttp's error
// carries when the endpoint refuses.

import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromHttp, fromNodeProviderChain } from '@aws-sdk/credential-providers';

if (process.argv[2] === 'fromHttp-error') {
  // What an application calling the HTTP provider itself sees of a refusal: the error and what it carries.
  try {
    await fromHttp({ maxRetries: 0 })();
    console.log(JSON.stringify({ error: 'none' }));
  } catch (err) {
    console.log(JSON.stringify({ message: err.message, code: err.Code, text: err.Message }));
  }
  process.exit(0);
}

let credentials;
let identity;
try {
  credentials = await fromNodeProviderChain()();
  const sts = new STSClient({ region: process.env.AWS_REGION ?? 'us-east-1', credentials: fromNodeProviderChain() });
  identity = await sts.send(new GetCallerIdentityCommand({}));
  sts.destroy();
} catch (err) {
  console.log(JSON.stringify({ error: err.name, message: err.message }));
  process.exit(1);
}
console.log(JSON.stringify({
  // The SDK marks credentials with the provider that made them: CREDENTIALS_ENV_VARS, CREDENTIALS_HTTP, ...
  source: Object.keys(credentials.$source ?? {}),
  credentials: {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
    expiration: credentials.expiration?.toISOString(),
    accountId: credentials.accountId,
  },
  identity: { Account: identity.Account, Arn: identity.Arn, UserId: identity.UserId },
}));
