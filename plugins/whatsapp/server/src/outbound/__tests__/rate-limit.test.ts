import { ThroughputLimiter } from '../../../../sandbox/rate-limit';
import { BLOCK_MS, BURST_MS, MemoryLedger, NumberThrottle, PairLimiter, THROUGHPUT_SHARE } from '../rate-limit';

const clockAt = (start = 1_000_000) => {
  const clock = { t: start, now: () => clock.t };
  return clock;
};

describe('NumberThrottle', () => {
  const rate = 80 * THROUGHPUT_SHARE;
  /** `n` callers asking at once (a claimed batch), each told how long to wait. */
  const reserveMany = (throttle: NumberThrottle, key: string, n: number, perSecond = 80) =>
    Promise.all(Array.from({ length: n }, () => throttle.reserve(key, perSecond)));

  it('spaces sends at the number’s throughput (with the safety share) after a small burst', async () => {
    const clock = clockAt();
    const throttle = new NumberThrottle(new MemoryLedger(), clock);
    const waits = await reserveMany(throttle, 'n1', 40);
    // A burst of a tenth of a second's worth leaves at once, the rest one slot after another.
    const burst = waits.filter((w) => w === 0).length;
    expect(burst).toBe(Math.ceil((BURST_MS / 1000) * rate));
    expect(waits.slice(0, burst).every((w) => w === 0)).toBe(true);
    for (let i = burst + 1; i < waits.length; i += 1) expect(waits[i] - waits[i - 1]).toBeGreaterThanOrEqual(Math.floor(1000 / rate));
    expect(waits[39]).toBeGreaterThanOrEqual(Math.floor(((40 - burst - 1) / rate) * 1000));
  });

  it('books slots in blocks, not one ledger write per send', async () => {
    const clock = clockAt();
    const ledger = new MemoryLedger();
    const book = jest.spyOn(ledger, 'book');
    const throttle = new NumberThrottle(ledger, clock);
    await reserveMany(throttle, 'n1', 100);
    const perBlock = Math.ceil((BLOCK_MS / 1000) * rate);
    expect(book).toHaveBeenCalledTimes(Math.ceil(100 / perBlock));
  });

  it('keeps numbers independent', async () => {
    const clock = clockAt();
    const throttle = new NumberThrottle(new MemoryLedger(), clock);
    await reserveMany(throttle, 'busy', 50, 10);
    expect(await throttle.reserve('idle', 10)).toBe(0);
  });

  it('never exceeds the token bucket Meta enforces, even with requests arriving up to 8 ms late or early', async () => {
    const clock = clockAt();
    const throttle = new NumberThrottle(new MemoryLedger(), clock);
    const meta = new ThroughputLimiter();
    const sendTimes = (await reserveMany(throttle, 'n', 2000)).map((wait) => clock.t + wait);
    // Network jitter reorders nothing here but shifts arrivals; the margin must absorb it.
    const arrivals = sendTimes.map((t, i) => t + (i % 2 === 0 ? 8 : 0)).sort((a, b) => a - b);
    expect(arrivals.filter((t) => !meta.take('n', 80, t))).toEqual([]);
  });

  it('shares one number’s budget between instances that share the ledger', async () => {
    const clock = clockAt();
    const ledger = new MemoryLedger();
    const instances = [new NumberThrottle(ledger, clock), new NumberThrottle(ledger, clock), new NumberThrottle(ledger, clock)];
    const meta = new ThroughputLimiter();
    const waits = await Promise.all(instances.map((throttle) => reserveMany(throttle, 'n', 400)));
    const arrivals = waits.flat().map((wait) => clock.t + wait).sort((a, b) => a - b);
    expect(arrivals.filter((t) => !meta.take('n', 80, t))).toEqual([]);
    // 1,200 sends at 76/s take about 15.7 s (less the first burst), whichever instance sends them.
    expect(arrivals[arrivals.length - 1] - clock.t).toBeGreaterThanOrEqual(Math.floor(((1200 - 1) / rate) * 1000) - BURST_MS);
    // Separate ledgers (the old per-process limiter) would have let all three send at full rate.
    const unshared = instances.map(() => new NumberThrottle(new MemoryLedger(), clock));
    const alone = await Promise.all(unshared.map((throttle) => reserveMany(throttle, 'n', 400)));
    const meta2 = new ThroughputLimiter();
    const refused = alone.flat().map((wait) => clock.t + wait).sort((a, b) => a - b).filter((t) => !meta2.take('n', 80, t));
    expect(refused.length).toBeGreaterThan(0);
  });

  it('drops slots that went by while the ledger answered, instead of bunching late sends together', async () => {
    const clock = clockAt();
    const ledger = new MemoryLedger();
    let slowAnswers = 1;
    const slow = {
      async book(key: string, count: number, interval: number, earliest: number) {
        const start = ledger.bookNow(key, count, interval, earliest);
        if (slowAnswers-- > 0) clock.t += 1000; // the database took a second to answer
        return start;
      },
      holdUntil: (key: string, until: number) => ledger.holdUntil(key, until),
    };
    const throttle = new NumberThrottle(slow, clock);
    const waits = await reserveMany(throttle, 'n', 19);
    // The first block lay a second in the past when it arrived: only a fresh burst leaves at once.
    expect(waits.filter((w) => w === 0).length).toBe(Math.ceil((BURST_MS / 1000) * rate));
  });

  it('pauses a number after Meta reports 130429, on every instance sharing the ledger', async () => {
    const clock = clockAt();
    const ledger = new MemoryLedger();
    const throttle = new NumberThrottle(ledger, clock);
    const other = new NumberThrottle(ledger, clock);
    await throttle.reserve('n', 80);
    throttle.pause('n', 2000);
    await new Promise((resolve) => setImmediate(resolve));
    expect(await throttle.reserve('n', 80)).toBeGreaterThanOrEqual(2000);
    expect(await other.reserve('n', 80)).toBeGreaterThanOrEqual(2000);
    clock.t += 5000;
    expect(await throttle.reserve('n', 80)).toBe(0);
  });

  it('keeps sending on its own schedule when the ledger cannot be reached, and says so', async () => {
    const clock = clockAt();
    const errors: unknown[] = [];
    const broken = {
      book: () => Promise.reject(new Error('connection refused')),
      holdUntil: () => Promise.reject(new Error('connection refused')),
    };
    const throttle = new NumberThrottle(broken, clock, (error) => errors.push(error));
    const waits = await reserveMany(throttle, 'n', 40);
    for (let i = 1; i < waits.length; i += 1) expect(waits[i]).toBeGreaterThanOrEqual(waits[i - 1]);
    expect(waits[39]).toBeGreaterThan(300);
    expect(errors.length).toBeGreaterThan(0);
    expect((errors[0] as Error).message).toBe('connection refused');
  });
});

describe('PairLimiter', () => {
  it('allows a burst to one recipient, then one message per interval', () => {
    const clock = clockAt();
    const pairs = new PairLimiter(clock, 6000, 3);
    expect([pairs.tryTake('a'), pairs.tryTake('a'), pairs.tryTake('a')]).toEqual([0, 0, 0]);
    const wait = pairs.tryTake('a');
    expect(wait).toBe(6000);
    expect(pairs.tryTake('b')).toBe(0);
    clock.t += 6000;
    expect(pairs.tryTake('a')).toBe(0);
    expect(pairs.tryTake('a')).toBe(6000);
  });
});
