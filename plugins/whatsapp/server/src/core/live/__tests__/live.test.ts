/**
 * The live bus's pure parts: which bus a configuration gets, the NOTIFY text, the reconnect
 * backoff, credentials kept out of log lines, and the in-process bus's replay. The buses
 * themselves run against real PostgreSQL and Redis in tests/inbox/live-instances.test.ts.
 */
import { chooseLiveBus } from '..';
import { MEMORY_REPLAY_BUFFER, memoryTransport } from '../memory';
import { backoff, parseNotification, RECONNECT_MAX_MS } from '../postgres';
import { redact } from '../redact';

describe('chooseLiveBus', () => {
  const redisUrl = 'redis://127.0.0.1:6379';
  it.each([
    ['auto', undefined, 'postgres', 'postgres'],
    ['auto', redisUrl, 'postgres', 'redis'],
    ['auto', undefined, 'sqlite', 'memory'],
    ['auto', redisUrl, 'sqlite', 'memory'],
    ['auto', redisUrl, 'mysql', 'redis'],
    ['auto', undefined, 'mysql', 'memory'],
    ['memory', redisUrl, 'postgres', 'memory'],
    ['redis', redisUrl, 'sqlite', 'redis'],
    ['postgres', redisUrl, 'postgres', 'postgres'],
  ] as const)('%s with REDIS_URL=%s on %s → %s', (liveBus, url, client, expected) => {
    expect(chooseLiveBus({ liveBus, redisUrl: url }, client)).toBe(expected);
  });

  it('says what is missing', () => {
    expect(() => chooseLiveBus({ liveBus: 'redis', redisUrl: undefined }, 'postgres')).toThrow('WHATSAPP_LIVE_BUS=redis needs REDIS_URL');
    expect(() => chooseLiveBus({ liveBus: 'postgres', redisUrl: undefined }, 'sqlite')).toThrow(
      'WHATSAPP_LIVE_BUS=postgres needs a PostgreSQL database (DATABASE_CLIENT is sqlite)'
    );
  });
});

describe('parseNotification', () => {
  it('reads an id alone, or an id with the event', () => {
    expect(parseNotification('42')).toEqual({ id: 42 });
    expect(parseNotification('43|{"name":"message.created","payload":{"messageId":7}}')).toEqual({
      id: 43,
      inline: { seq: 43, name: 'message.created', payload: { messageId: 7 } },
    });
  });

  it('falls back to the id (the journal has the row) when the event part is unreadable', () => {
    expect(parseNotification('44|{broken')).toEqual({ id: 44 });
    expect(parseNotification('x')).toBeNull();
    expect(parseNotification('0')).toBeNull();
  });
});

it('backs off up to 30 s (with jitter)', () => {
  expect(backoff(0)).toBeGreaterThanOrEqual(375);
  expect(backoff(0)).toBeLessThanOrEqual(625);
  for (let attempt = 0; attempt < 20; attempt += 1) expect(backoff(attempt)).toBeLessThanOrEqual(RECONNECT_MAX_MS * 1.25);
});

describe('redact', () => {
  const settings: Record<string, unknown> = { host: 'db', connectionString: 'postgres://strapi:url%2Fsecret@db/strapi' };
  Object.defineProperty(settings, 'password', { value: 'db-password', enumerable: false });
  const strapi = { db: { connection: { client: { connectionSettings: settings } } } } as any;

  it('hides URL credentials, the database password and extra secrets', () => {
    const text = redact(strapi, 'failed: postgres://strapi:url/secret@db/strapi; password db-password; redis redis://:r-secret@cache:6379', ['r-secret']);
    expect(text).toBe('failed: postgres://***@db/strapi; password ***; redis redis://***@cache:6379');
  });
});

describe('memory transport', () => {
  it('replays from its buffer, and refuses ids of another process or older than the buffer', async () => {
    const bus = memoryTransport();
    const delivered: number[] = [];
    await bus.start((event) => delivered.push(event.seq));
    for (let i = 0; i < MEMORY_REPLAY_BUFFER + 10; i += 1) await bus.publish('message.created', { messageId: i });
    expect(delivered).toHaveLength(MEMORY_REPLAY_BUFFER + 10);
    const last = MEMORY_REPLAY_BUFFER + 10;
    const id = bus.idOf(last - 2);
    expect(bus.seqOf(id)).toBe(last - 2);
    expect((await bus.replay(last - 2, last))!.map((e) => e.seq)).toEqual([last - 1, last]);
    expect(await bus.replay(1, last)).toBeNull();
    expect(bus.seqOf(`deadbeef-${last}`)).toBeNull();
    expect(memoryTransport().seqOf(id)).toBeNull();
    await bus.stop();
  });
});
