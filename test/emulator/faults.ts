// Per-operation fault injection: what a test asks the next calls of an operation to get instead of the real answer.

export type Fault =
  /** Exactly this status; `x-amzn-ErrorType: <errorType>` verbatim if given; `body` verbatim, else the service's error body. */
  | { kind: 'error'; status: number; errorType?: string; body?: string }
  /** Wait, then answer normally; a caller that disconnects meanwhile gets nothing done (logged as 499). */
  | { kind: 'delay'; ms: number }
  /** 200 with a body that is not JSON. */
  | { kind: 'malformed' }
  /** Destroy the connection without answering (logged with status 0). */
  | { kind: 'reset' }
  /** Any JSON body, 200 unless a status is given: wrong units, missing fields. */
  | { kind: 'json'; status?: number; body: unknown };

export const OPERATIONS = [
  'GetRoleCredentials', 'ListAccounts', 'ListAccountRoles', 'Logout',
  'RegisterClient', 'StartDeviceAuthorization', 'CreateToken',
  'Authorize', 'ApproveDevice',
  'GetCallerIdentity',
  'GetSigninToken', 'FederationLogin',
] as const;
export type Operation = (typeof OPERATIONS)[number];

interface Planned {
  readonly fault: Fault;
  /** undefined: every call until cleared. */
  remaining: number | undefined;
}

/** First in, first out per operation: a fault with a count is used up before the next one applies. */
export class FaultPlan {
  private readonly planned = new Map<string, Planned[]>();

  inject(operation: string, fault: Fault, times?: number): void {
    checkOperation(operation);
    checkFault(fault);
    if (times !== undefined && (!Number.isInteger(times) || times < 1)) throw new Error(`times must be a positive integer, got ${String(times)}`);
    const queue = this.planned.get(operation) ?? [];
    queue.push({ fault, remaining: times });
    this.planned.set(operation, queue);
  }

  /** The fault this call gets, if any, counting it as used. */
  take(operation: string): Fault | undefined {
    const queue = this.planned.get(operation);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    if (head.remaining !== undefined && --head.remaining === 0) queue.shift();
    return head.fault;
  }

  clear(): void {
    this.planned.clear();
  }
}

export function checkOperation(operation: string): void {
  if (!(OPERATIONS as readonly string[]).includes(operation)) {
    throw new Error(`unknown operation '${operation}'; one of ${OPERATIONS.join(', ')}`);
  }
}

/** Faults also arrive as JSON through the control API, so their shape is checked, not trusted. */
function checkFault(fault: Fault): void {
  const f = fault as Record<string, unknown> | null;
  const ok = typeof f === 'object' && f !== null && (
    (f.kind === 'error' && Number.isInteger(f.status) && (f.errorType === undefined || typeof f.errorType === 'string')
      && (f.body === undefined || typeof f.body === 'string'))
    || (f.kind === 'delay' && typeof f.ms === 'number' && f.ms >= 0)
    || f.kind === 'malformed'
    || f.kind === 'reset'
    || (f.kind === 'json' && 'body' in f && (f.status === undefined || Number.isInteger(f.status))));
  if (!ok) throw new Error(`not a fault: ${JSON.stringify(fault)}`);
}
