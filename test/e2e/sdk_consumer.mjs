// What the AWS SDK for JavaScript v3 makes of keyrack-cp's credentials: a provider's credentials, and an STS call
// signed with them. Prints one JSON line. Run with a clean environment and a throwaway HOME.
//   sdk_consumer.mjs PROFILE          fromIni({ profile }): a credential_process profile (consumers.test.ts)
//   sdk_consumer.mjs --chain          the default chain with no profile, as a program run by keyrack-cp exec or a
//                                     container given AWS_CONTAINER_CREDENTIALS_FULL_URI uses it; also names the
//                                     provider that answered (the SDK's $source mark: CREDENTIALS_HTTP, ...)
//   sdk_consumer.mjs --fromHttp-error what fromHttp's error carries when the endpoint refuses

import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { fromHttp, fromIni, fromNodeProviderChain } from '@aws-sdk/credential-providers';

const [arg] = process.argv.slice(2);
if (arg === '--fromHttp-error') {
  try {
    await fromHttp({ maxRetries: 0 })();
    console.log(JSON.stringify({ error: 'none' }));
  } catch (err) {
    console.log(JSON.stringify({ message: err.message, code: err.Code, text: err.Message }));
  }
  process.exit(0);
}

const provider = () => (arg === '--chain' ? fromNodeProviderChain() : fromIni({ profile: arg }));
let credentials;
let identity;
try {
  credentials = await provider()();
  // A client as an application builds one: the provider, not the resolved keys, so the SDK resolves them itself.
  const sts = new STSClient({ region: process.env.AWS_REGION ?? 'us-east-1', credentials: provider() });
  identity = await sts.send(new GetCallerIdentityCommand({}));
  sts.destroy();
} catch (err) {
  // What the application would catch: the error's name and message, exit 1.
  console.log(JSON.stringify({ error: err.name, message: err.message }));
  process.exit(1);
}
console.log(JSON.stringify({
  ...(arg === '--chain' ? { source: Object.keys(credentials.$source ?? {}) } : {}),
  credentials: {
    accessKeyId: credentials.accessKeyId,
    secretAccessKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken,
    expiration: credentials.expiration?.toISOString(),
    accountId: credentials.accountId,
  },
  identity: { Account: identity.Account, Arn: identity.Arn, UserId: identity.UserId },
}));
