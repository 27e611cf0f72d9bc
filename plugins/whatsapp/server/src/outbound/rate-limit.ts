/**
 * Sending-rate limits the outbox keeps on its side, so Meta never has to refuse (WHATSAPP_REFERENCE §9):
 * - per business number: throughput (80 msg/s by default, per number), a token bucket in which a
 *   caller *reserves* the next free slot and waits for it, so callers are served in order;
 * - per (business number, customer): the pair rate limit, one message per 6 s with a short burst;
 *   a message over it is not waited for in memory but deferred in the database.
 * Both are per process: with several Strapi instances Meta's 130429/131056 answers (retried with
 * back-off) are the backstop, see docs/outbound.md.
 */

export interface Clock {
  now(): number;
}

const systemClock: Clock = { now: () => Date.now() };

/**
 * Share of a number's published throughput the worker uses. Meta counts inbound messages and
 * mark-as-read calls against the same limit and requests do not arrive exactly spaced, so sending
 * at 100 % would meet 130429 now and then.
 */
export const THROUGHPUT_SHARE = 0.95;

interface Bucket {
  /** May go negative: slots already reserved by waiting callers. */
  tokens: number;
  updatedAt: number;
  ratePerSecond: number;
  capacity: number;
  pausedUntil: number;
}

export class NumberThrottle {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly clock: Clock = systemClock) {}

  /**
   * Reserves one send on `key` at `ratePerSecond` and returns how long to wait (ms) before using
   * it. The burst is kept small (a tenth of a second's worth) so the bucket on Meta's side, which
   * holds a full second, is never drained by our own bursts.
   */
  reserve(key: string, ratePerSecond: number): number {
    const now = this.clock.now();
    const rate = Math.max(0.1, ratePerSecond * THROUGHPUT_SHARE);
    const capacity = Math.max(1, Math.floor(rate / 10));
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.ratePerSecond !== rate) {
      bucket = { tokens: bucket ? Math.min(bucket.tokens, capacity) : capacity, updatedAt: now, ratePerSecond: rate, capacity, pausedUntil: bucket?.pausedUntil ?? 0 };
      this.buckets.set(key, bucket);
    }
    const from = Math.max(now, bucket.pausedUntil);
    if (from > bucket.updatedAt) {
      bucket.tokens = Math.min(bucket.capacity, bucket.tokens + ((from - bucket.updatedAt) / 1000) * rate);
      bucket.updatedAt = from;
    }
    bucket.tokens -= 1;
    const wait = bucket.tokens >= 0 ? 0 : (-bucket.tokens / rate) * 1000;
    return Math.ceil(from - now + wait);
  }

  /** Meta said the number is over its limit (130429): stop using it for `ms`, and start empty. */
  pause(key: string, ms: number): void {
    const bucket = this.buckets.get(key);
    const until = this.clock.now() + ms;
    if (!bucket) {
      this.buckets.set(key, { tokens: 0, updatedAt: until, ratePerSecond: 0, capacity: 1, pausedUntil: until });
      return;
    }
    if (until > bucket.pausedUntil) {
      bucket.pausedUntil = until;
      bucket.tokens = Math.min(0, bucket.tokens);
      bucket.updatedAt = Math.max(bucket.updatedAt, until);
    }
  }
}

/** Meta: one message every 6 s to the same user; bursts borrow from the future. */
export const PAIR_INTERVAL_MS = 6000;
export const PAIR_BURST = 10;

export class PairLimiter {
  private readonly nextFree = new Map<string, number>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly intervalMs = PAIR_INTERVAL_MS,
    private readonly burst = PAIR_BURST
  ) {}

  /**
   * Takes a slot for `key` now and returns 0, or returns how long (ms) until one is free without
   * taking it. Modelled as a "virtual schedule": each message moves the pair's next free time on
   * by one interval; up to `burst` intervals may be borrowed ahead.
   */
  tryTake(key: string): number {
    const now = this.clock.now();
    const scheduled = Math.max(now, this.nextFree.get(key) ?? 0);
    const borrowed = scheduled - now;
    const limit = (this.burst - 1) * this.intervalMs;
    if (borrowed > limit) return borrowed - limit;
    this.nextFree.set(key, scheduled + this.intervalMs);
    if (this.nextFree.size > 100_000) this.forgetIdle(now);
    return 0;
  }

  /** Keeps memory bounded: pairs whose schedule is in the past hold no state worth keeping. */
  private forgetIdle(now: number): void {
    for (const [key, at] of this.nextFree) if (at <= now) this.nextFree.delete(key);
  }
}
