// The AWS SDK's default credential chain, loaded only if a client ever asks it for credentials. The SSO and SSO-OIDC
// clients import @aws-sdk/credential-provider-node at their top for the SigV4 operations of their APIs, none of which
// keyrack-cp calls (its calls are bearer or unauthenticated): left in place, every refresh would compile the whole
// chain (INI, SSO, process, web identity, container and instance metadata providers, the STS and sign-in clients)
// and never run it. The build (scripts/lib/sdkShims.mjs) resolves the clients' import to this module, which has the
// same export and forwards to the real one on first use. The tests run the sources, where the real one is imported.

import type { defaultProvider as DefaultProvider } from '@aws-sdk/credential-provider-node';

export const defaultProvider: typeof DefaultProvider = (init) => {
  let real: ReturnType<typeof DefaultProvider> | undefined;
  const provider = async (options?: Parameters<ReturnType<typeof DefaultProvider>>[0]) => {
    real ??= (await import('@aws-sdk/credential-provider-node')).defaultProvider(init);
    return real(options);
  };
  return provider as ReturnType<typeof DefaultProvider>;
};
