import { ThroughputLimiter } from '../../../../sandbox/rate-limit';
import { NumberThrottle, PairLimiter, THROUGHPUT_SHARE } from '../rate-limit';

const clockAt = (start = 1_000_000) => {
  const clock = { t: start, now: () => clock.t };
  return clock;
};

describe('NumberThrottle', () => {
  it('spaces sends at the number’s throughput (with the safety share) after a small burst', () => {
    const clock = clockAt();
    const throttle = new NumberThrottle(clock);
    const waits = Array.from({ length: 40 }, () => throttle.reserve('n1', 80));
    const rate = 80 * THROUGHPUT_SHARE;
    const burst = Math.floor(rate / 10);
    expect(waits.slice(0, burst).every((w) => w === 0)).toBe(true);
    // Slot k after the burst is reserved k/rate seconds ahead: never two sends closer than 1/rate.
    const last = waits[39];
    expect(last).toBeGreaterThanOrEqual(Math.floor(((40 - burst) / rate) * 1000));
    for (let i = burst + 1; i < waits.length; i += 1) expect(waits[i] - waits[i - 1]).toBeGreaterThanOrEqual(Math.floor(1000 / rate));
  });

  it('keeps numbers independent', () => {
    const clock = clockAt();
    const throttle = new NumberThrottle(clock);
    for (let i = 0; i < 50; i += 1) throttle.reserve('busy', 10);
    expect(throttle.reserve('idle', 10)).toBe(0);
  });

  it('never exceeds the token bucket Meta enforces, even with requests arriving up to 8 ms late or early', () => {
    const clock = clockAt();
    const throttle = new NumberThrottle(clock);
    const meta = new ThroughputLimiter();
    const sendTimes: number[] = [];
    for (let i = 0; i < 2000; i += 1) sendTimes.push(clock.t + throttle.reserve('n', 80));
    // Network jitter reorders nothing here but shifts arrivals; the margin must absorb it.
    const arrivals = sendTimes.map((t, i) => t + (i % 2 === 0 ? 8 : 0)).sort((a, b) => a - b);
    const refused = arrivals.filter((t) => !meta.take('n', 80, t));
    expect(refused).toEqual([]);
  });

  it('pauses a number after Meta reports 130429', () => {
    const clock = clockAt();
    const throttle = new NumberThrottle(clock);
    throttle.reserve('n', 80);
    throttle.pause('n', 2000);
    expect(throttle.reserve('n', 80)).toBeGreaterThanOrEqual(2000);
    clock.t += 5000;
    expect(throttle.reserve('n', 80)).toBe(0);
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
