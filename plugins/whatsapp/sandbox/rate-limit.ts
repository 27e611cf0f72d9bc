/**
 * Per-number throughput, as Meta enforces it (80 msg/s by default): a token bucket per phone
 * number id that holds one second's worth of tokens and refills continuously.
 */
interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class ThroughputLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: () => number = Date.now) {}

  /** Takes one token; false means the caller is over the rate and must get 130429. */
  take(key: string, perSecond: number, now = this.clock()): boolean {
    const capacity = Math.max(1, perSecond);
    const bucket = this.buckets.get(key) ?? { tokens: capacity, updatedAt: now };
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * capacity);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  clear(): void {
    this.buckets.clear();
  }
}
