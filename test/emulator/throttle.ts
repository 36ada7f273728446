// Rate limits per operation, as a service enforces them: a token bucket refilled at a steady rate, a request with no
// token left answered 429 before the operation runs. Unlike an injected fault (the next N calls fail, whatever their
// pace), this throttles exactly a client that calls faster than the limit, so a client's pacing can be tested.

export interface RateLimit {
  /** Sustained requests per second. */
  readonly perSecond: number;
  /** Requests that may arrive at once after a quiet spell (the bucket's size). */
  readonly burst: number;
}

interface Bucket {
  readonly limit: RateLimit;
  tokens: number;
  atMs: number;
}

export class RateLimits {
  private readonly buckets = new Map<string, Bucket>();

  set(operation: string, limit: RateLimit | null, nowMs: number): void {
    if (limit === null) {
      this.buckets.delete(operation);
      return;
    }
    const ok = Number.isFinite(limit.perSecond) && limit.perSecond > 0 && Number.isInteger(limit.burst) && limit.burst >= 1;
    if (!ok) throw new Error(`not a rate limit: ${JSON.stringify(limit)}`);
    this.buckets.set(operation, { limit, tokens: limit.burst, atMs: nowMs });
  }

  /** Whether this request may proceed; a request that may takes a token. */
  take(operation: string, nowMs: number): boolean {
    const bucket = this.buckets.get(operation);
    if (!bucket) return true;
    const refilled = bucket.tokens + ((nowMs - bucket.atMs) / 1000) * bucket.limit.perSecond;
    bucket.tokens = Math.min(bucket.limit.burst, refilled);
    bucket.atMs = nowMs;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  clear(): void {
    this.buckets.clear();
  }
}
