// One SSO or SSO-OIDC call, the one way every call is made: a client for this call only, the call bounded by our
// deadline, the client destroyed after it (a keep-alive socket must not hold the process open), and whatever the SDK
// throws turned into an SsoCallError, unless it is an answer the caller handles itself.

import { CALL_DEADLINE_MS } from './callPolicy.ts';
import { classifySdkError } from './ssoCallError.ts';

interface SdkClient {
  destroy(): void;
}

export interface ServiceCall<C extends SdkClient, T> {
  /** The endpoint, for messages. */
  readonly endpoint: string;
  readonly client: () => C;
  readonly send: (client: C, options: { abortSignal: AbortSignal }) => Promise<T>;
  /** An error that is an answer, not a failure (a device flow's "authorization pending"), as the value it means. */
  readonly answer?: (error: unknown) => T | undefined;
}

export async function callService<C extends SdkClient, T>(call: ServiceCall<C, T>): Promise<T> {
  const client = call.client();
  try {
    return await call.send(client, { abortSignal: AbortSignal.timeout(CALL_DEADLINE_MS) });
  } catch (error) {
    const answer = call.answer?.(error);
    if (answer !== undefined) return answer;
    throw classifySdkError(error, call.endpoint);
  } finally {
    client.destroy();
  }
}
