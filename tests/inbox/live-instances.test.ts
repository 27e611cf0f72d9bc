/**
 * Live updates across instances (#15): two Strapi instances on one PostgreSQL database — this
 * jest process's app (A, which the sandbox sends its signed webhooks to) and a second one in a
 * child process (B) — with a browser-like SSE client on each. What A applies reaches B's clients
 * once, with the same event ids as A's; a client that reconnects to B with Last-Event-ID gets what
 * A emitted meanwhile; an event bigger than NOTIFY's 8000-byte limit goes by id. Once over
 * PostgreSQL LISTEN/NOTIFY (the default), once over Redis pub/sub (REDIS_URL; Redis on
 * 127.0.0.1:6379). SQLite keeps the in-process bus (stream.test.ts).
 *
 * Always on PostgreSQL, whatever DATABASE_CLIENT says: the SQLite pass of test:all leaves it out.
 */
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { startChildInstance, type ChildInstance } from '../helpers/instance';
import { openSse, type SseConnection, type SseEvent } from './sse-client';
import { customer, message, phoneNumber } from './fixtures';
import { PLUGIN_ID } from '../../plugins/whatsapp/shared/uids';
import { NOTIFY_MAX_BYTES } from '../../plugins/whatsapp/server/src/core/live/postgres';
import { JOURNAL_KEEP_MS, journalTable } from '../../plugins/whatsapp/server/src/core/live/journal';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const savedClient = process.env.DATABASE_CLIENT;
process.env.DATABASE_CLIENT = 'postgres';
afterAll(() => {
  process.env.DATABASE_CLIENT = savedClient;
});

const CASES: [string, 'postgres' | 'redis', Record<string, string>][] = [
  ['PostgreSQL LISTEN/NOTIFY', 'postgres', {}],
  ['Redis pub/sub', 'redis', { REDIS_URL }],
];

describe.each(CASES)('live updates across two instances: %s', (_label, kind, env) => {
  let a: TestApp;
  let b: ChildInstance;
  let jwt: string;
  const open: SseConnection[] = [];
  // One sender per case: each case has its own database, but the names keep failures readable.
  const from = kind === 'postgres' ? '34600777001' : '34600777002';

  /** What the admin does: a stream token (authenticated POST), then the stream, to one instance. */
  async function stream(baseUrl: string, lastEventId?: string): Promise<SseConnection> {
    const res = await fetch(`${baseUrl}/whatsapp/stream/token`, { method: 'POST', headers: { Authorization: `Bearer ${jwt}` } });
    expect(res.status).toBe(200);
    const { data } = (await res.json()) as { data: { url: string } };
    const connection = await openSse(`${baseUrl}${data.url}`, lastEventId ? { 'Last-Event-ID': lastEventId } : {});
    expect(connection.status).toBe(200);
    open.push(connection);
    await connection.waitFor((e) => e.event === 'ready');
    return connection;
  }

  /** A customer writes: the sandbox signs a Meta webhook and POSTs it to A, like Meta would. */
  async function inbound(text: string) {
    const sent = await a.sandbox!.simulateInbound({ phoneNumberId: TEST_CREDENTIALS.phoneNumberId, from, name: 'Marta', text });
    expect(sent.status).toBe(200);
    return sent.wamid;
  }

  const createdFor = (wamid: string) => (e: SseEvent) => e.event === 'message.created' && e.data?.message?.wamid === wamid;

  /** Events before `ready`: what the server replayed. */
  const replayOf = (connection: SseConnection) =>
    connection.events.slice(0, connection.events.findIndex((e) => e.event === 'ready'));

  beforeAll(async () => {
    a = await startTestApp({ env });
    // Started while A runs: same database, secrets, sandbox (and REDIS_URL), like a second server.
    b = await startChildInstance();
    jwt = (await createAdmin(a)).token;
  }, 240_000);

  afterEach(() => {
    for (const connection of open.splice(0)) connection.close();
  });

  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  }, 60_000);

  it('both instances chose the bus', () => {
    expect(a.strapi.plugin(PLUGIN_ID).service('stream').busKind()).toBe(kind);
    expect(b.liveBus).toBe(kind);
  });

  it("delivers what A applied to B's clients once, with the same ids as A's", async () => {
    const onB = await stream(b.url);
    const onA = await stream(a.url);

    const first = await inbound('Is my order ready?');
    const atB = await onB.waitFor(createdFor(first));
    expect(atB.data).toMatchObject({ message: { direction: 'inbound', type: 'text', body: 'Is my order ready?', profileName: 'Marta' } });
    const atA = await onA.waitFor(createdFor(first));
    expect(atA.id).toBe(atB.id);

    // A later event seen on both streams: whatever came before it has arrived, once.
    const second = await inbound('And the invoice?');
    await onB.waitFor(createdFor(second));
    await onA.waitFor(createdFor(second));
    for (const connection of [onA, onB]) {
      expect(connection.events.filter(createdFor(first))).toHaveLength(1);
      const ids = connection.events.filter((e) => e.id && e.event !== 'ready').map((e) => Number(e.id));
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    }
    expect(onB.events.some((e) => e.event === 'reset')).toBe(false);
  });

  it('delivers a processed batch of webhooks to B in order, once each, written to the journal together', async () => {
    const onB = await stream(b.url);
    const onA = await stream(a.url);
    const processor = a.strapi.plugin(PLUGIN_ID).service('webhook-processor');
    await processor.stop();
    const wamids: string[] = [];
    try {
      // Stored while the processor is stopped: applied as one batch, announced at its commit.
      for (let i = 0; i < 20; i += 1) wamids.push(await inbound(`Batch message ${i}`));
    } finally {
      processor.start();
    }
    const last = await onB.waitFor(createdFor(wamids[wamids.length - 1]), 30_000);
    await onA.waitFor(createdFor(wamids[wamids.length - 1]), 30_000);
    for (const connection of [onA, onB]) {
      const got = wamids.map((wamid) => connection.events.filter(createdFor(wamid)));
      expect(got.map((events) => events.length)).toEqual(wamids.map(() => 1));
      const ids = got.map(([event]) => Number(event.id));
      expect([...ids].sort((x, y) => x - y)).toEqual(ids); // in the order the batch stored them
    }
    expect(onA.events.filter(createdFor(wamids[0]))[0].id).toBe(onB.events.filter(createdFor(wamids[0]))[0].id);
    expect(Number(last.id)).toBeGreaterThan(0);
    // Group commit: the batch's 20 events, published in one turn of A's event loop, took one journal write.
    const journal = journalTable(a.strapi);
    const ids = wamids.map((wamid) => Number(onB.events.filter(createdFor(wamid))[0].id));
    const writes = await a.strapi.db.connection(journal.table).whereIn('id', ids).countDistinct({ n: 'created_at' }).first();
    expect(Number(writes!.n)).toBe(1);
  });

  it('replays on B, after a reconnect with Last-Event-ID, what A emitted meanwhile (and so does A)', async () => {
    const watcher = await stream(b.url);
    const leaving = await stream(b.url);
    const lastSeen = leaving.events.find((e) => e.event === 'ready')!.id!;
    leaving.close();

    const away1 = await inbound('While you were away (1)');
    const away2 = await inbound('While you were away (2)');
    // B has both (its other client got them), so a reconnect to B must replay them before `ready`.
    await watcher.waitFor(createdFor(away2));
    await watcher.waitFor(createdFor(away1));

    const back = await stream(b.url, lastSeen);
    const replayed = replayOf(back).filter((e) => e.event === 'message.created').map((e) => e.data.message.wamid);
    // Two webhooks may be processed by either instance, in either order: both, once each.
    expect([...replayed].sort()).toEqual([away1, away2].sort());
    expect(back.events.some((e) => e.event === 'reset')).toBe(false);

    // The ids are the journal's: the same Last-Event-ID resumes on the other instance too.
    const elsewhere = await stream(a.url, lastSeen);
    expect(replayOf(elsewhere).filter((e) => e.event === 'message.created').map((e) => e.data.message.wamid)).toEqual(replayed);

    // Nothing more arrives twice: a later event, then each of the two exactly once.
    const later = await inbound('Back again');
    await back.waitFor(createdFor(later));
    expect(back.events.filter(createdFor(away1))).toHaveLength(1);
    expect(back.events.filter(createdFor(away2))).toHaveLength(1);
  });

  /** Cuts the bus connections of both instances, as a database failover or a Redis restart would. */
  async function dropBusConnections(): Promise<number> {
    if (kind === 'postgres') {
      const result = await a.strapi.db.connection.raw(
        "SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = 'strapi-whatsapp-live' AND datname = current_database()"
      );
      return result.rows.length;
    }
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { createClient } = require('redis');
    const admin = createClient({ url: REDIS_URL });
    await admin.connect();
    try {
      const list: string = await admin.sendCommand(['CLIENT', 'LIST', 'TYPE', 'pubsub']);
      const ids = list
        .split('\n')
        .filter((line) => line.includes(' name=strapi-whatsapp-live-sub '))
        .map((line) => /\bid=(\d+)/.exec(line)![1]);
      for (const id of ids) await admin.sendCommand(['CLIENT', 'KILL', 'ID', id]);
      return ids.length;
    } finally {
      await admin.close();
    }
  }

  it('catches up after its bus connection drops: what was written meanwhile arrives, once', async () => {
    const onB = await stream(b.url);
    // At least B's and A's listening connections (other test runs on this server may add theirs).
    expect(await dropBusConnections()).toBeGreaterThanOrEqual(2);
    const during = await inbound('While the bus was down');
    await onB.waitFor(createdFor(during), 30_000);
    const after = await inbound('After the reconnect');
    await onB.waitFor(createdFor(after), 30_000);
    expect(onB.events.filter(createdFor(during))).toHaveLength(1);
    expect(onB.events.filter(createdFor(after))).toHaveLength(1);
  });

  it('tells a client to refetch when the journal no longer has what it missed', async () => {
    const watcher = await stream(b.url);
    const leaving = await stream(b.url);
    const lastSeen = leaving.events.find((e) => e.event === 'ready')!.id!;
    leaving.close();
    await inbound('Missed (1)');
    const missed = await inbound('Missed (2)');
    await watcher.waitFor(createdFor(missed));
    // Every instance prunes each minute; here, as if an hour had passed: only the newest row stays.
    const journal = journalTable(a.strapi);
    expect(await journal.prune(Date.now() + JOURNAL_KEEP_MS + 60_000)).toBeGreaterThan(0);
    expect(Number((await a.strapi.db.connection(journal.table).count({ n: '*' }).first())!.n)).toBe(1);

    const back = await stream(b.url, lastSeen);
    const reset = back.events.find((e) => e.event === 'reset');
    expect(reset?.data).toEqual({ reason: 'gap' });
    expect(replayOf(back).filter((e) => e.event.startsWith('message.'))).toEqual([]);
    // From the id `reset` carries, the stream goes on as usual.
    const next = await inbound('After the refetch');
    await back.waitFor(createdFor(next));
  });

  it("carries an event over NOTIFY's 8000-byte limit to B (by id, from the journal)", async () => {
    const onB = await stream(b.url);
    // A customer who wrote to 110 of the business's numbers: reading them all is one big event.
    const number = await phoneNumber(a, TEST_CREDENTIALS.phoneNumberId, TEST_CREDENTIALS.displayPhoneNumber);
    const many = await customer(a, { name: 'Many numbers', phone: `+${from.slice(0, -1)}9` });
    const COUNT = 110;
    for (let i = 0; i < COUNT; i += 1) {
      const businessNumber = { id: number.id, phoneNumberId: `1${String(i).padStart(14, '0')}` };
      await message(a, { number: businessNumber, customer: many, direction: 'inbound', at: new Date(), body: `hello ${i}` });
    }
    const res = await fetch(`${a.url}/whatsapp/conversations/read`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ customerDocumentId: many.documentId }),
    });
    expect(res.status).toBe(200);

    const big = (e: SseEvent) => e.event === 'conversation.read' && e.data?.conversations?.length === COUNT;
    const read = await onB.waitFor(big);
    expect(Buffer.byteLength(JSON.stringify(read.data), 'utf8')).toBeGreaterThan(NOTIFY_MAX_BYTES);
    expect(read.data.conversations).toEqual(expect.arrayContaining([expect.objectContaining({ conversationKey: `100000000000042:${many.waId}`, unread: 0 })]));

    const after = await inbound('One more');
    await onB.waitFor(createdFor(after));
    expect(onB.events.filter(big)).toHaveLength(1);
  });
});
