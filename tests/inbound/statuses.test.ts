/**
 * Status webhooks onto outbound messages: only forward (sent < delivered < read < played) whatever
 * the delivery order, read implies delivered, late `sent` only fills its timestamp, `failed` keeps
 * Meta's error, pricing is kept, duplicates change nothing, and a status for an unknown wamid is
 * kept and applied when the message appears.
 */
import { startTestApp, type TestApp } from '../helpers/strapi';
import { deliver, inboundPayload, messageByWamid, query, statusPayload, wamid, type StatusInput } from './helpers';
import { PLUGIN_ID } from '../../plugins/whatsapp/shared/uids';

const T0 = Math.floor(Date.now() / 1000) - 600;
const at = (offset: number) => String(T0 + offset);
const ms = (offset: number) => (T0 + offset) * 1000;
const time = (value: unknown) => (value ? new Date(value as string).getTime() : null);

const PRICING = { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' };
const ERROR_131026 = {
  code: 131026,
  title: 'Message undeliverable',
  message: 'Message undeliverable',
  error_data: { details: 'Message Undeliverable.' },
  href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
};

describe('statuses', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app?.stop();
  });

  const outbound = async (status = 'sent') => {
    const id = wamid('out');
    await query(app, 'message').create({ data: { wamid: id, direction: 'outbound', type: 'text', deliveryStatus: status, body: 'Your order shipped' } });
    return id;
  };

  const statuses = (id: string, ...items: Omit<StatusInput, 'id'>[]) => items.map((s) => ({ id, ...s }));

  const SENT = { status: 'sent' as const, timestamp: at(1), pricing: PRICING };
  const DELIVERED = { status: 'delivered' as const, timestamp: at(2) };
  const READ = { status: 'read' as const, timestamp: at(3) };

  const orders: [string, typeof SENT | typeof DELIVERED | typeof READ][][] = [
    [['sent', SENT], ['delivered', DELIVERED], ['read', READ]],
    [['read', READ], ['delivered', DELIVERED], ['sent', SENT]],
    [['delivered', DELIVERED], ['read', READ], ['sent', SENT]],
    [['sent', SENT], ['read', READ], ['delivered', DELIVERED]],
  ];

  it.each(orders.map((order) => [order.map(([name]) => name).join(' → '), order]))(
    'ends read with every timestamp whatever the order (%s), one POST each',
    async (_label, order) => {
      const id = await outbound();
      for (const [, item] of order as any[]) await deliver(app, statusPayload(...statuses(id, item)));
      const m = await messageByWamid(app, id);
      expect(m.deliveryStatus).toBe('read');
      expect(time(m.sentAt)).toBe(ms(1));
      expect(time(m.deliveredAt)).toBe(ms(2));
      expect(time(m.readAt)).toBe(ms(3));
      expect(m.pricingCategory).toBe('utility');
      expect(m.pricingType).toBe('regular');
    }
  );

  it('applies a shuffled batch in one POST the same way', async () => {
    const id = await outbound();
    await deliver(app, statusPayload(...statuses(id, READ, SENT, DELIVERED)));
    const m = await messageByWamid(app, id);
    expect(m).toMatchObject({ deliveryStatus: 'read', pricingCategory: 'utility' });
    expect(time(m.deliveredAt)).toBe(ms(2));
  });

  it('read implies delivered: a read without delivered fills deliveredAt', async () => {
    const id = await outbound();
    await deliver(app, statusPayload(...statuses(id, READ)));
    const m = await messageByWamid(app, id);
    expect(m.deliveryStatus).toBe('read');
    expect(time(m.deliveredAt)).toBe(ms(3));
    expect(time(m.readAt)).toBe(ms(3));
  });

  it('a late sent after read changes nothing but its timestamp', async () => {
    const id = await outbound('sending');
    await deliver(app, statusPayload(...statuses(id, READ)));
    const before = await messageByWamid(app, id);
    await deliver(app, statusPayload(...statuses(id, SENT)));
    const after = await messageByWamid(app, id);
    expect(after.deliveryStatus).toBe('read');
    expect(time(after.sentAt)).toBe(ms(1));
    expect(after.readAt).toEqual(before.readAt);
  });

  it('played after read (voice message)', async () => {
    const id = await outbound();
    await deliver(app, statusPayload(...statuses(id, READ, { status: 'played', timestamp: at(9) })));
    const m = await messageByWamid(app, id);
    expect(m.deliveryStatus).toBe('played');
    expect(time(m.playedAt)).toBe(ms(9));
  });

  it('failed keeps Meta code, title and details', async () => {
    const id = await outbound('sending');
    await deliver(app, statusPayload(...statuses(id, { status: 'failed', timestamp: at(4), errors: [ERROR_131026] })));
    const m = await messageByWamid(app, id);
    expect(m).toMatchObject({ deliveryStatus: 'failed', errorCode: 131026, errorTitle: 'Message undeliverable', errorDetails: 'Message Undeliverable.' });
    expect(time(m.failedAt)).toBe(ms(4));
  });

  it('a failed after delivered does not undo the delivery; a delivered after failed moves on', async () => {
    const first = await outbound();
    await deliver(app, statusPayload(...statuses(first, DELIVERED)));
    await deliver(app, statusPayload(...statuses(first, { status: 'failed', timestamp: at(5), errors: [ERROR_131026] })));
    expect(await messageByWamid(app, first)).toMatchObject({ deliveryStatus: 'delivered', errorCode: null });

    const second = await outbound();
    await deliver(app, statusPayload(...statuses(second, { status: 'failed', timestamp: at(1), errors: [ERROR_131026] })));
    await deliver(app, statusPayload(...statuses(second, SENT)));
    expect((await messageByWamid(app, second)).deliveryStatus).toBe('failed'); // sent proves nothing
    await deliver(app, statusPayload(...statuses(second, DELIVERED)));
    expect((await messageByWamid(app, second)).deliveryStatus).toBe('delivered');
  });

  it('a duplicate status changes nothing and is counted as unchanged', async () => {
    const id = await outbound();
    const payload = statusPayload(...statuses(id, DELIVERED));
    await deliver(app, payload);
    const again = statusPayload(...statuses(id, DELIVERED));
    (again.entry[0] as any).time = 42; // other bytes, same status
    await deliver(app, again);
    const event = await query(app, 'webhook-event').findOne({ where: { rawBody: { $contains: '"time":42' } } });
    expect(event.outcome.statuses).toMatchObject({ unchanged: 1, applied: 0 });
  });

  it('keeps a status for an unknown wamid and applies it when the message is stored', async () => {
    const id = wamid('later');
    await deliver(app, statusPayload(...statuses(id, DELIVERED, SENT)));
    const event = await query(app, 'webhook-event').findOne({ where: { rawBody: { $contains: id } } });
    expect(event.processingStatus).toBe('processed');
    expect(event.pendingStatuses).toEqual([
      { wamid: id, status: 'delivered' },
      { wamid: id, status: 'sent' },
    ]);
    expect(await query(app, 'pending-status').count({ where: { wamid: id } })).toBe(2);

    // The outbound worker stores the wamid after its send, then asks for what was kept.
    await query(app, 'message').create({ data: { wamid: id, direction: 'outbound', type: 'text', deliveryStatus: 'sending' } });
    const applied = await app.strapi.plugin(PLUGIN_ID).service('statuses').applyPendingFor(id);
    expect(applied).toBe(2);
    const m = await messageByWamid(app, id);
    expect(m.deliveryStatus).toBe('delivered');
    expect(time(m.sentAt)).toBe(ms(1));
    expect(await query(app, 'pending-status').count({ where: { wamid: id } })).toBe(0);
  });

  it('a status naming an inbound message is ignored', async () => {
    const id = wamid('in');
    await deliver(app, inboundPayload({ id }));
    await deliver(app, statusPayload(...statuses(id, READ)));
    expect((await messageByWamid(app, id)).deliveryStatus).toBe('received');
  });

  it('emits message.updated for a status change, with the message’s tenant and customer', async () => {
    const id = wamid('out');
    const tenant = await query(app, 'tenant').create({ data: { name: 'Status tenant', whatsappEnabled: true } });
    const customer = await query(app, 'customer').create({ data: { name: 'Status customer', phone: '+34600777001' } });
    const row = await query(app, 'message').create({
      data: { wamid: id, direction: 'outbound', type: 'text', deliveryStatus: 'sent', body: 'Your order shipped', conversationKey: `1:${id}`, tenant: tenant.id, customer: customer.id },
    });
    const seen: any[] = [];
    const off = app.strapi.plugin(PLUGIN_ID).service('events').on('message.updated', (e: any) => seen.push(e));
    try {
      await deliver(app, statusPayload(...statuses(id, DELIVERED)));
    } finally {
      off();
    }
    expect(seen).toEqual([
      {
        id: row.id,
        documentId: row.documentId,
        direction: 'outbound',
        status: 'delivered',
        type: 'text',
        conversationKey: `1:${id}`,
        tenantId: tenant.id,
        customerId: customer.id,
        wamid: id,
        change: 'status',
      },
    ]);
  });
});
