// One call at a time, shared: requests that arrive while it is under way wait for it instead of starting their own.

/**
 * Within one process, as the locks do across processes: 32 clients asking at once on an empty cache make one
 * GetRoleCredentials. The call's outcome, success or failure, is theirs alike; the next request after it ends starts
 * a new one (which the role-credential cache answers while it can), so nothing here holds credentials.
 */
export function singleFlight<T>(call: () => Promise<T>): { (): Promise<T>; readonly inFlight: () => Promise<unknown> | null } {
  let current: Promise<T> | null = null;
  const shared = () => {
    current ??= call().finally(() => {
      current = null;
    });
    return current;
  };
  return Object.assign(shared, { inFlight: () => current });
}
