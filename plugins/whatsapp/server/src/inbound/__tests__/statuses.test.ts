/**
 * The `statuses` service (inbound/statuses.ts) against real databases, without booting Strapi: a
 * minimal `strapi` whose `db` is Strapi's database layer over the plugin's content types
 * (core/__tests__/knex-strapi.ts) and the real `events` service, on SQLite and, when reachable,
 * PostgreSQL (where each update holds a row lock). status-rules.test.ts covers the pure rules and
 * tests/inbound/statuses.test.ts the webhook end to end; here: what the service writes to the
 * message and pending-status rows, what it answers, and the events it emits.
 */
import { UID } from '../../../../shared/uids';
import events from '../../core/events';
import type { MessageEvent } from '../../core/events';
import { openKnexStrapi, testBackends, type Backend, type KnexStrapi } from '../../core/__tests__/knex-strapi';
import statusesService from '../statuses';
import type { StatusItem } from '../webhook-types';

const backends = testBackends('inbound/__tests__/statuses.test.ts');

const T0 = 1_760_000_000; // seconds, as Meta sends them
const at = (offset: number) => String(T0 + offset);
const ms = (offset: number) => (T0 + offset) * 1000;
const time = (value: unknown) => (value === null || value === undefined ? null : new Date(value as string).getTime());

const PRICING = { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' };
const ERROR_131026 = {
  code: 131026,
  title: 'Message undeliverable',
  message: 'Message undeliverable (the message field)',
  error_data: { details: 'Message Undeliverable.' },
};

for (const { backend, reason } of backends.skipped) {
  describe.skip(`statuses service on ${backend} (SKIPPED: ${reason})`, () => {
    it('runs when PostgreSQL is reachable', () => undefined);
  });
}

describe.each(backends.run)('statuses service on %s', (backend: Backend) => {
  /** Row locks exist only on PostgreSQL: their tests are defined there alone (SQLite has nothing to test, so nothing is skipped). */
  const onlyOnPostgres = (name: string, fn: () => Promise<void>) => (backend === 'postgres' ? it(name, fn) : undefined);
  let ctx: KnexStrapi;
  let service: ReturnType<typeof statusesService>;
  let seen: MessageEvent[];
  let off: () => void;

  beforeAll(async () => {
    ctx = await openKnexStrapi(backend, 'statuses', { events, statuses: statusesService });
    service = ctx.strapi.plugin('whatsapp').service('statuses') as ReturnType<typeof statusesService>;
  });

  afterAll(async () => {
    await ctx?.close();
  });

  beforeEach(async () => {
    await ctx.clear();
    seen = [];
    off = (ctx.strapi.plugin('whatsapp').service('events') as ReturnType<typeof events>).on('message.updated', (event) => {
      seen.push(event);
    });
  });

  afterEach(() => off());

  const messages = () => ctx.strapi.db.query(UID.message);
  const pending = () => ctx.strapi.db.query(UID.pendingStatus);
  let sequence = 0;
  const newWamid = (label: string) => {
    sequence += 1;
    return `wamid.${label}.${sequence}.${Date.now()}`;
  };
  /** An outbound message Meta accepted (the worker stored its wamid). */
  const outbound = async (fields: Record<string, unknown> = {}) =>
    messages().create({
      data: {
        wamid: newWamid('out'),
        direction: 'outbound',
        type: 'text',
        deliveryStatus: 'accepted',
        body: 'Your order shipped',
        businessPhoneNumberId: '100000000000001',
        customerWaId: '34600000001',
        conversationKey: '100000000000001:34600000001',
        ...fields,
      },
    });
  const byWamid = (wamid: string) => messages().findOne({ where: { wamid } });
  const status = (id: string, name: string, offset: number, extra: Partial<StatusItem> = {}): StatusItem => ({
    id,
    status: name,
    timestamp: at(offset),
    recipient_id: '34600000001',
    ...extra,
  });
  /** The event the service emits for a row after a status change. */
  const eventFor = (row: any, statusName: string, related: { tenantId?: number | null; customerId?: number | null } = {}) => ({
    id: row.id,
    documentId: row.documentId,
    direction: 'outbound',
    status: statusName,
    type: row.type,
    conversationKey: row.conversationKey,
    tenantId: related.tenantId ?? null,
    customerId: related.customerId ?? null,
    wamid: row.wamid,
    change: 'status',
  });

  it('moves a known message forward, with the status time and pricing, and tells listeners once', async () => {
    const tenant = await ctx.strapi.db.query(UID.tenant).create({ data: { name: 'Tenant A' } });
    const customer = await ctx.strapi.db.query(UID.customer).create({ data: { name: 'Ana', waId: '34600000001' } });
    const row = await outbound({ tenant: tenant.id, customer: customer.id });

    expect(await service.apply(status(row.wamid, 'sent', 1, { pricing: PRICING }))).toBe('applied');

    const after = await byWamid(row.wamid);
    expect({ deliveryStatus: after.deliveryStatus, sentAt: time(after.sentAt), pricingCategory: after.pricingCategory, pricingType: after.pricingType }).toEqual({
      deliveryStatus: 'sent',
      sentAt: ms(1),
      pricingCategory: 'utility',
      pricingType: 'regular',
    });
    expect(after).toMatchObject({ deliveredAt: null, readAt: null, failedAt: null, errorCode: null });
    expect(time(after.updatedAt)).toBeGreaterThanOrEqual(time(row.updatedAt)!);
    expect(seen).toEqual([eventFor(row, 'sent', { tenantId: tenant.id, customerId: customer.id })]);
  });

  it('read implies delivered and sent: their times are filled until their own webhooks arrive', async () => {
    const row = await outbound();
    expect(await service.apply(status(row.wamid, 'read', 3))).toBe('applied');
    const after = await byWamid(row.wamid);
    expect([after.deliveryStatus, time(after.sentAt), time(after.deliveredAt), time(after.readAt)]).toEqual(['read', ms(3), ms(3), ms(3)]);
    expect(seen.map((e) => e.status)).toEqual(['read']);
  });

  it('a late, older status never moves the message back: only its own time is corrected', async () => {
    const row = await outbound();
    await service.apply(status(row.wamid, 'read', 3));

    expect(await service.apply(status(row.wamid, 'delivered', 2))).toBe('applied');

    const after = await byWamid(row.wamid);
    expect([after.deliveryStatus, time(after.sentAt), time(after.deliveredAt), time(after.readAt)]).toEqual(['read', ms(3), ms(2), ms(3)]);
    expect(seen.map((e) => e.status)).toEqual(['read', 'read']);
  });

  it('a status already applied changes nothing: unchanged, no write, no event', async () => {
    const row = await outbound();
    await service.apply(status(row.wamid, 'delivered', 2));
    const before = await byWamid(row.wamid);
    seen.length = 0;

    expect(await service.apply(status(row.wamid, 'delivered', 2))).toBe('unchanged');
    expect(await service.apply(status(row.wamid, 'sent', 5))).toBe('unchanged'); // later than the sent time read implied

    expect(await byWamid(row.wamid)).toEqual(before);
    expect(seen).toEqual([]);
  });

  it('failed keeps Meta’s error code, title and details, and the failure time', async () => {
    const row = await outbound({ deliveryStatus: 'sending' });

    expect(await service.apply(status(row.wamid, 'failed', 4, { errors: [ERROR_131026] }))).toBe('applied');

    const after = await byWamid(row.wamid);
    expect({ ...after, failedAt: time(after.failedAt) }).toMatchObject({
      deliveryStatus: 'failed',
      failedAt: ms(4),
      errorCode: 131026,
      errorTitle: 'Message undeliverable',
      errorDetails: 'Message Undeliverable.',
    });
    expect(seen).toEqual([eventFor(row, 'failed')]);
  });

  it('failed reads an error given only as a message, with its code as a string', async () => {
    const row = await outbound();
    await service.apply(status(row.wamid, 'failed', 4, { errors: [{ code: '131047' as unknown as number, message: 'Re-engagement message' }] }));
    expect(await byWamid(row.wamid)).toMatchObject({ deliveryStatus: 'failed', errorCode: 131047, errorTitle: 'Re-engagement message', errorDetails: 'Re-engagement message' });
  });

  it('a failed after delivery does not undo it', async () => {
    const row = await outbound();
    await service.apply(status(row.wamid, 'delivered', 2));

    expect(await service.apply(status(row.wamid, 'failed', 5, { errors: [ERROR_131026] }))).toBe('unchanged');

    expect(await byWamid(row.wamid)).toMatchObject({ deliveryStatus: 'delivered', failedAt: null, errorCode: null, errorTitle: null });
    expect(seen.map((e) => e.status)).toEqual(['delivered']);
  });

  it('parks a status for an unknown wamid, with its webhook context, and writes no message', async () => {
    const wamid = newWamid('unknown');
    const item = status(wamid, 'delivered', 2, { pricing: PRICING });

    expect(await service.apply(item, { phoneNumberId: '100000000000001', webhookEventId: 42 })).toBe('pending');

    const rows = await pending().findMany({});
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      wamid,
      deliveryStatus: 'delivered',
      dedupeKey: `${wamid}|delivered|${at(2)}`,
      item,
      phoneNumberId: '100000000000001',
      webhookEventId: 42,
    });
    expect(time(rows[0].receivedAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(await messages().count({})).toBe(0);
    expect(seen).toEqual([]);
  });

  it('parks the same status delivered twice only once', async () => {
    const wamid = newWamid('unknown');
    expect(await service.apply(status(wamid, 'sent', 1))).toBe('pending');
    expect(await service.apply(status(wamid, 'sent', 1))).toBe('pending');
    expect(await service.apply(status(wamid, 'delivered', 2))).toBe('pending');
    expect((await pending().findMany({ orderBy: { id: 'asc' } })).map((r: any) => [r.wamid, r.deliveryStatus, r.phoneNumberId])).toEqual([
      [wamid, 'sent', null],
      [wamid, 'delivered', null],
    ]);
  });

  it('parks a duplicate inside a caller’s transaction without breaking it (no unique violation on PostgreSQL)', async () => {
    const wamid = newWamid('unknown');
    const row = await outbound();
    await ctx.strapi.db.transaction(async () => {
      expect(await service.apply(status(wamid, 'sent', 1))).toBe('pending');
      expect(await service.apply(status(wamid, 'sent', 1))).toBe('pending');
      // The transaction still works after the duplicate.
      expect(await service.apply(status(row.wamid, 'sent', 1))).toBe('applied');
    });
    expect(await pending().count({ where: { wamid } })).toBe(1);
    expect((await byWamid(row.wamid)).deliveryStatus).toBe('sent');
  });

  it('applies parked statuses in the order received once the message is stored, and removes them', async () => {
    const wamid = newWamid('later');
    await service.apply(status(wamid, 'delivered', 2));
    await service.apply(status(wamid, 'sent', 1, { pricing: PRICING }));
    const row = await outbound({ wamid, deliveryStatus: 'sending' });

    expect(await service.applyPendingFor(wamid)).toBe(2);

    const after = await byWamid(wamid);
    expect([after.deliveryStatus, time(after.sentAt), time(after.deliveredAt), after.pricingCategory]).toEqual(['delivered', ms(1), ms(2), 'utility']);
    expect(await pending().count({})).toBe(0);
    expect(seen).toEqual([eventFor(row, 'delivered'), eventFor(row, 'delivered')]);
  });

  it('counts only the parked statuses that changed something, and removes every one it handled', async () => {
    const wamid = newWamid('later');
    await service.apply(status(wamid, 'read', 3));
    await service.apply(status(wamid, 'delivered', 9)); // later than read's implied time: changes nothing
    const other = newWamid('other');
    await service.apply(status(other, 'sent', 1));
    await outbound({ wamid });

    expect(await service.applyPendingFor(wamid)).toBe(1);

    expect((await byWamid(wamid)).deliveryStatus).toBe('read');
    expect((await pending().findMany({})).map((r: any) => r.wamid)).toEqual([other]);
  });

  it('keeps parked statuses while their wamid is still unknown', async () => {
    const wamid = newWamid('unknown');
    await service.apply(status(wamid, 'sent', 1));
    expect(await service.applyPendingFor(wamid)).toBe(0);
    expect(await service.applyPendingFor('')).toBe(0);
    expect(await pending().count({ where: { wamid } })).toBe(1);
  });

  it('applies a status whose message is stored between its lookup and its parking (the re-check)', async () => {
    const wamid = newWamid('race');
    // The send's write lands right after the status found no message, before it is parked.
    const unsubscribe = ctx.strapi.db.lifecycles.subscribe({
      models: [UID.pendingStatus],
      async beforeCreate() {
        await outbound({ wamid, deliveryStatus: 'accepted' });
      },
    });
    try {
      expect(await service.apply(status(wamid, 'delivered', 2))).toBe('pending');
    } finally {
      unsubscribe();
    }
    const after = await byWamid(wamid);
    expect([after.deliveryStatus, time(after.deliveredAt)]).toEqual(['delivered', ms(2)]);
    expect(await pending().count({})).toBe(0);
    expect(seen.map((e) => [e.wamid, e.status])).toEqual([[wamid, 'delivered']]);
  });

  it('ignores a status naming an inbound message', async () => {
    const row = await messages().create({ data: { wamid: newWamid('in'), direction: 'inbound', type: 'text', deliveryStatus: 'received', body: 'Hi' } });
    const before = await byWamid(row.wamid);

    expect(await service.apply(status(row.wamid, 'read', 3))).toBe('ignored');

    expect(await byWamid(row.wamid)).toEqual(before);
    expect(await pending().count({})).toBe(0);
    expect(seen).toEqual([]);
  });

  it('ignores statuses it does not track, and items without an id, writing nothing', async () => {
    const row = await outbound();
    const before = await byWamid(row.wamid);

    expect(await service.apply(status(row.wamid, 'deleted', 3))).toBe('ignored');
    expect(await service.apply(status(newWamid('unknown'), 'warning', 3))).toBe('ignored');
    expect(await service.apply({ status: 'read', timestamp: at(3) })).toBe('ignored');

    expect(await byWamid(row.wamid)).toEqual(before);
    expect(await pending().count({})).toBe(0);
    expect(seen).toEqual([]);
  });

  it('inside a caller’s transaction, the change and its event wait for the commit; a rollback drops both', async () => {
    const committed = await outbound();
    await ctx.strapi.db.transaction(async () => {
      expect(await service.apply(status(committed.wamid, 'sent', 1))).toBe('applied');
      expect(seen).toEqual([]);
    });
    expect(seen).toEqual([eventFor(committed, 'sent')]);
    expect((await byWamid(committed.wamid)).deliveryStatus).toBe('sent');

    const rolledBack = await outbound();
    seen.length = 0;
    await expect(
      ctx.strapi.db.transaction(async () => {
        await service.apply(status(rolledBack.wamid, 'sent', 1));
        throw new Error('the caller failed');
      })
    ).rejects.toThrow('the caller failed');
    expect(seen).toEqual([]);
    expect((await byWamid(rolledBack.wamid)).deliveryStatus).toBe('accepted');
  });

  it('ends in the same state when the statuses of many messages arrive at once, in every order', async () => {
    const rows = await Promise.all(Array.from({ length: 6 }, () => outbound()));
    const orders = [
      ['sent', 'delivered', 'read'],
      ['read', 'delivered', 'sent'],
      ['delivered', 'read', 'sent'],
    ];
    const offsets: Record<string, number> = { sent: 1, delivered: 2, read: 3 };
    await Promise.all(rows.flatMap((row, i) => orders[i % orders.length].map((name) => service.apply(status(row.wamid, name, offsets[name])))));

    const after = await messages().findMany({ where: { id: { $in: rows.map((r: any) => r.id) } } });
    expect(after.map((r: any) => [r.deliveryStatus, time(r.sentAt), time(r.deliveredAt), time(r.readAt)])).toEqual(rows.map(() => ['read', ms(1), ms(2), ms(3)]));
  });

  onlyOnPostgres('waits for a row another transaction holds and then applies to what it committed (row lock)', async () => {
    const row = await outbound();
    const trx = await ctx.knex.transaction();
    let applying: Promise<string> | undefined;
    try {
      await trx('whatsapp_messages').select('id').where('id', row.id).forUpdate();
      applying = service.apply(status(row.wamid, 'read', 3));
      const early = await Promise.race([applying, new Promise((resolve) => setTimeout(() => resolve('waiting'), 500))]);
      expect(early).toBe('waiting');
      // Meanwhile the holder records a later state (another status of the same message).
      const played = new Date(ms(9));
      await trx('whatsapp_messages')
        .where('id', row.id)
        .update({ delivery_status: 'played', sent_at: new Date(ms(1)), delivered_at: new Date(ms(2)), read_at: new Date(ms(2)), played_at: played });
      await trx.commit();
    } catch (error) {
      await trx.rollback();
      throw error;
    }
    // It read the committed row: read does not move `played` back; its earlier time is not earlier.
    expect(await applying).toBe('unchanged');
    expect(await byWamid(row.wamid)).toMatchObject({ deliveryStatus: 'played' });
    expect(seen).toEqual([]);
  });

  it('prunes parked statuses received before the cutoff', async () => {
    const old = new Date(Date.now() - 3 * 24 * 3600 * 1000);
    const recent = new Date();
    const park = (wamid: string, receivedAt: Date) =>
      pending().create({ data: { wamid, deliveryStatus: 'sent', dedupeKey: `${wamid}|sent|1`, item: { id: wamid, status: 'sent', timestamp: '1' }, receivedAt } });
    await park('wamid.old', old);
    await park('wamid.recent', recent);

    expect(await service.prunePending(new Date(Date.now() - 24 * 3600 * 1000))).toBe(1);

    expect((await pending().findMany({})).map((r: any) => r.wamid)).toEqual(['wamid.recent']);
  });
});
