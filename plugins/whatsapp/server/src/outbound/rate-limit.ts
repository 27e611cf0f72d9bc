/**
 * Sending-rate limits the outbox keeps on its side, so Meta never has to refuse
 * (docs/whatsapp-cloud-api.md#throughput, #pair-rate-limit):
 * - per business number: throughput (80 msg/s by default, per number). Send slots are booked in
 *   small blocks from a ledger kept in the database (`send-ledger.ts`), so several Strapi
 *   instances sending from one number share its budget instead of each using all of it;
 * - per (business number, customer): the pair rate limit, one message per 6 s with a short burst;
 *   a message over it is not waited for in memory but deferred in the database. The schedule of
 *   each pair is kept in the database too (`pair-ledger.ts`, the model below), so several
 *   instances share it; PairLimiter alone is the fallback while the database cannot be reached.
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

/**
 * How far back a block may start after the number was idle, and how late a booked slot may still
 * be used: a burst of a tenth of a second's worth, so Meta's bucket (a full second) never drains.
 */
export const BURST_MS = 100;

/** Slots booked at once, in time: a quarter of a second's worth (19 slots at 80 msg/s). */
export const BLOCK_MS = 250;

/**
 * The shared schedule of each number: where the next free slot is, for every instance. Blocks
 * are booked atomically one after another, so blocks of different instances never overlap.
 */
export interface SlotLedger {
  /**
   * Books `count` slots `intervalMs` apart on `key`, after every slot booked before and no earlier
   * than `earliestMs`; returns the time of the first one.
   */
  book(key: string, count: number, intervalMs: number, earliestMs: number): Promise<number>;
  /** No slot on `key` is booked before `untilMs` (Meta said the number is over its limit). */
  holdUntil(key: string, untilMs: number): Promise<void>;
}

/** A ledger for one process (tests, tools, and the fallback for a number missing in the database). */
export class MemoryLedger implements SlotLedger {
  private readonly schedule = new Map<string, number>();

  async book(key: string, count: number, intervalMs: number, earliestMs: number): Promise<number> {
    return this.bookNow(key, count, intervalMs, earliestMs);
  }

  bookNow(key: string, count: number, intervalMs: number, earliestMs: number): number {
    const start = Math.max(this.schedule.get(key) ?? -Infinity, Math.floor(earliestMs));
    this.schedule.set(key, start + Math.ceil(count * intervalMs));
    return start;
  }

  async holdUntil(key: string, untilMs: number): Promise<void> {
    this.schedule.set(key, Math.max(this.schedule.get(key) ?? -Infinity, Math.ceil(untilMs)));
  }
}

interface Block {
  /** Time of the next unused slot of the block this instance holds, and where the block ends. */
  next: number;
  end: number;
  interval: number;
  /** Callers waiting for a slot: the size of the next block. */
  waiting: number;
  booking?: Promise<void>;
  /** Set by pause(): nothing before this, whatever the ledger says. */
  notBefore: number;
}

export class NumberThrottle {
  private readonly blocks = new Map<string, Block>();

  constructor(
    private readonly ledger: SlotLedger = new MemoryLedger(),
    private readonly clock: Clock = systemClock,
    private readonly onLedgerError: (error: unknown) => void = () => undefined
  ) {}

  /**
   * Reserves one send on `key` at `ratePerSecond` and resolves with how long to wait (ms) before
   * using it. Callers are served in the order they asked. When this instance's block is used up,
   * the next one is booked for everyone then waiting (at most BLOCK_MS worth).
   */
  async reserve(key: string, ratePerSecond: number): Promise<number> {
    const interval = 1000 / Math.max(0.1, ratePerSecond * THROUGHPUT_SHARE);
    const block = this.blockOf(key);
    block.waiting += 1;
    try {
      for (;;) {
        const now = this.clock.now();
        // Slots that went by unused are gone: using them late would bunch sends together.
        const oldest = Math.max(now - BURST_MS, block.notBefore);
        if (block.next < oldest) block.next += Math.ceil((oldest - block.next) / block.interval) * block.interval;
        if (block.next < block.end) {
          const slot = block.next;
          block.next += block.interval;
          return Math.max(0, Math.ceil(slot - now));
        }
        block.booking ??= this.bookBlock(key, block, interval).finally(() => {
          block.booking = undefined;
        });
        await block.booking;
      }
    } finally {
      block.waiting -= 1;
    }
  }

  /** Meta said the number is over its limit (130429): nobody uses it for `ms`, here or elsewhere. */
  pause(key: string, ms: number): void {
    const block = this.blockOf(key);
    const until = this.clock.now() + ms;
    block.notBefore = Math.max(block.notBefore, until);
    block.next = block.end;
    this.ledger.holdUntil(key, until).catch(this.onLedgerError);
  }

  private blockOf(key: string): Block {
    let block = this.blocks.get(key);
    if (!block) {
      block = { next: 0, end: 0, interval: 1, waiting: 0, notBefore: 0 };
      this.blocks.set(key, block);
    }
    return block;
  }

  private async bookBlock(key: string, block: Block, interval: number): Promise<void> {
    // Let the callers arriving in this turn of the event loop (a claimed batch) join the block.
    await new Promise((resolve) => setImmediate(resolve));
    const count = Math.max(1, Math.min(block.waiting, Math.ceil(BLOCK_MS / interval)));
    const earliest = Math.max(this.clock.now() - BURST_MS, block.notBefore);
    let start: number;
    try {
      start = await this.ledger.book(key, count, interval, earliest);
    } catch (error) {
      // The database is unreachable: keep sending on this instance's own schedule meanwhile.
      this.onLedgerError(error);
      start = Math.max(earliest, block.end);
    }
    block.next = start;
    block.end = start + count * interval - interval / 2;
    block.interval = interval;
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
