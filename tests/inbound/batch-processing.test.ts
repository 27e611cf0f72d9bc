/**
 * The processor's set-based path (inbound/batch-apply.ts): events stored while the processor is
 * stopped are claimed together when it starts, and applied as one batch — inbound messages in
 * one insert with their customers resolved in bulk, statuses in one update. These tests check that
 * a batch ends exactly as the same events applied one by one would: duplicates, statuses out of
 * order across events, a status naming a message of the same batch, new customers, tenants,
 * events that are not batched (reactions, management, unrouted) at their place in the order,
 * malformed parts, and a failing event that fails alone.
 */
import { startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { envelope, inboundPayload, messageByWamid, messagesValue, nowSeconds, postSigned, query, settle, statusPayload, wamid } from './helpers';
import { PLUGIN_ID } from '../../plugins/whatsapp/shared/uids';

const PN_SHOP = '100000000000012';
const T0 = Math.floor(Date.now() / 1000) - 600;
const at = (offset: number) => String(T0 + offset);
const ms = (offset: number) => (T0 + offset) * 1000;
const time = (value: unknown) => (value ? new Date(value as string).getTime() : null);

describe('batched processing', () => {
  let app: TestApp;
  let shop: any;
  const plugin = () => app.strapi.plugin(PLUGIN_ID);

  beforeAll(async () => {
    app = await startTestApp();
    const master = await query(app, 'business-account').findOne({ where: { isMaster: true } });
    const number = await query(app, 'phone-number').create({ data: { phoneNumberId: PN_SHOP, displayPhoneNumber: '+34 600 000 012', account: master.id } });
    shop = await query(app, 'tenant').create({ data: { name: 'Shop', whatsappEnabled: true, phoneNumber: number.id } });
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await app?.stop();
  });

  afterEach(() => jest.restoreAllMocks());

  /**
   * Stores every payload with the processor stopped, then starts it: the events are claimed in
   * one batch. Answers how many changes the set-based path stored messages for, per call; fails
   * the test if the batch fell back to one event at a time, unless `fallBack` says it must.
   */
  async function asOneBatch(payloads: unknown[], { fallBack = false } = {}): Promise<number[]> {
    const storeBatch = jest.spyOn(plugin().service('inbound-messages'), 'storeBatch');
    const debug = jest.spyOn(app.strapi.log, 'debug');
    await plugin().service('webhook-processor').stop();
    for (const payload of payloads) {
      const res = await postSigned(app, payload);
      expect(res.status).toBe(200);
    }
    await plugin().service('webhook-ingest').drain();
    plugin().service('webhook-processor').start();
    await settle(app);
    const fellBack = debug.mock.calls.some(([line]) => /processing them one by one/.test(String(line)));
    expect(fellBack).toBe(fallBack);
    return storeBatch.mock.calls.map(([changes]: any) => changes.length);
  }

  const eventWith = (id: string) => query(app, 'webhook-event').findOne({ where: { rawBody: { $contains: id } }, populate: { tenant: true } });
  const outbound = async (status = 'accepted') => {
    const id = wamid('out');
    await query(app, 'message').create({ data: { wamid: id, direction: 'outbound', type: 'text', deliveryStatus: status, body: 'Your order shipped' } });
    return id;
  };
  const textFrom = (from: string, id: string, body: string, name: string, timestamp = nowSeconds()) =>
    inboundPayload({ id, from, name, timestamp, message: { type: 'text', text: { body } } });

  it('stores the messages of several events in one go, each once, with one new customer per sender', async () => {
    const [a, b, c] = [wamid('ba'), wamid('bb'), wamid('bc')];
    const from = '34611000901';
    const calls = await asOneBatch([
      textFrom(from, a, 'first', 'Old name', at(1)),
      textFrom(from, b, 'second', 'New name', at(5)),
      textFrom('34611000902', c, 'other sender', 'Berta', at(3)),
    ]);
    expect(calls).toEqual([3]); // one set-based call for the three events

    const [ma, mb, mc] = [await messageByWamid(app, a), await messageByWamid(app, b), await messageByWamid(app, c)];
    expect([ma.body, mb.body, mc.body]).toEqual(['first', 'second', 'other sender']);
    expect(await query(app, 'message').count({ where: { wamid: a } })).toBe(1);
    expect(ma.customer.id).toBe(mb.customer.id);
    expect(mc.customer.id).not.toBe(ma.customer.id);
    expect(ma.phoneNumber.phoneNumberId).toBe(TEST_CREDENTIALS.phoneNumberId);
    const customer = await query(app, 'customer').findOne({ where: { id: ma.customer.id } });
    // As one message after the other: named after the first, the latest message's profile, its
    // time as lastInboundAt.
    expect([customer.name, customer.phone, customer.profileName, time(customer.lastInboundAt)]).toEqual(['Old name', '+34611000901', 'New name', ms(5)]);
    expect(await query(app, 'customer').count({ where: { phone: '+34611000901' } })).toBe(1);
    expect(await eventWith(a)).toMatchObject({ processingStatus: 'processed', attempts: 1, outcome: { messages: { created: 1, duplicates: 0, skipped: 0 } } });
  });

  it('counts a message twice in one batch (two bodies) once, the later copy as a duplicate', async () => {
    const id = wamid('twice');
    const first = textFrom('34611000903', id, 'hola', 'Carla');
    const second = envelope(TEST_CREDENTIALS.businessAccountId, [
      {
        field: 'messages',
        value: messagesValue({}, {
          contacts: [{ profile: { name: 'Carla' }, wa_id: '34611000903' }],
          messages: [{ from: '34611000903', id, timestamp: nowSeconds(), type: 'text', text: { body: 'hola' } }],
          errors: [{ code: 131000, title: 'Something went wrong' }],
        }),
      },
    ]);
    await asOneBatch([first, second]);
    expect(await query(app, 'message').count({ where: { wamid: id } })).toBe(1);
    const events = await query(app, 'webhook-event').findMany({ where: { rawBody: { $contains: id } }, orderBy: { id: 'asc' } });
    expect(events.map((e: any) => e.outcome.messages)).toEqual([
      { created: 1, duplicates: 0, skipped: 0 },
      { created: 0, duplicates: 1, skipped: 0 },
    ]);
    expect(events[1].outcome.notes).toEqual(['Meta reported error 131000: Something went wrong']);
  });

  it('applies statuses of one message spread over a batch in order, as one by one would', async () => {
    const id = await outbound();
    const seen: string[] = [];
    const off = plugin()
      .service('events')
      .on('message.updated', (event: any) => {
        if (event.wamid === id) seen.push(event.status);
      });
    try {
      await asOneBatch([
        statusPayload({ id, status: 'read', timestamp: at(30) }),
        statusPayload({ id, status: 'sent', timestamp: at(10), pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' } }),
        statusPayload({ id, status: 'failed', timestamp: at(40), errors: [{ code: 131026, title: 'Message undeliverable' }] }),
        statusPayload({ id, status: 'delivered', timestamp: at(20) }),
        // The same read again (Meta retries; a different body, so a second event).
        statusPayload({ id, status: 'read', timestamp: at(30), recipient: '34600111299' }),
      ]);
    } finally {
      off();
    }
    const m = await messageByWamid(app, id);
    // read first (implying sent and delivered at its time), then the real earlier times; the
    // failed after read does not undo the delivery; the repeated read changes nothing.
    expect([m.deliveryStatus, time(m.sentAt), time(m.deliveredAt), time(m.readAt), m.failedAt, m.pricingCategory]).toEqual(['read', ms(10), ms(20), ms(30), null, 'utility']);
    const events = await query(app, 'webhook-event').findMany({ where: { rawBody: { $contains: id } }, orderBy: { id: 'asc' } });
    expect(events.map((e: any) => Object.entries(e.outcome.statuses).find(([, n]) => n === 1)?.[0])).toEqual(['applied', 'applied', 'unchanged', 'applied', 'unchanged']);
    expect(seen).toEqual(['read', 'read', 'read']);
  });

  it('ignores a status naming an inbound message stored earlier in the same batch, and parks one for an unknown wamid', async () => {
    const inbound = wamid('in');
    const unknown = wamid('unknown');
    await asOneBatch([textFrom('34611000904', inbound, 'hi', 'Dani'), statusPayload({ id: inbound, status: 'read' }, { id: unknown, status: 'delivered' })]);
    expect((await messageByWamid(app, inbound)).deliveryStatus).toBe('received');
    const event = await eventWith(unknown);
    expect(event.outcome.statuses).toEqual({ applied: 0, unchanged: 0, pending: 1, ignored: 1 });
    expect(event.pendingStatuses).toEqual([{ wamid: unknown, status: 'delivered' }]);
    expect(await query(app, 'pending-status').count({ where: { wamid: inbound } })).toBe(0);
    expect(await query(app, 'pending-status').count({ where: { wamid: unknown } })).toBe(1);
  });

  it('routes each event of a batch to its tenant', async () => {
    const [inShop, inDefault] = [wamid('shop'), wamid('default')];
    await asOneBatch([
      inboundPayload({ id: inShop, from: '34611000905', ref: { phoneNumberId: PN_SHOP } }),
      inboundPayload({ id: inDefault, from: '34611000905' }),
    ]);
    const [a, b] = [await messageByWamid(app, inShop), await messageByWamid(app, inDefault)];
    expect(a.tenant.id).toBe(shop.id);
    expect(b.tenant).toBeNull();
    expect(a.customer.id).not.toBe(b.customer.id); // one customer per tenant
    expect((await eventWith(inShop)).tenant.id).toBe(shop.id);
    expect((await eventWith(inDefault)).tenant).toBeNull();
  });

  it('applies events that are not batched (reaction, unrouted, management) at their place in the order', async () => {
    const target = wamid('target');
    const reaction = wamid('reaction');
    const after = wamid('after');
    const unrouted = wamid('unrouted');
    const calls = await asOneBatch([
      textFrom('34611000906', target, 'a cake please', 'Eva'),
      inboundPayload({ id: reaction, from: '34611000906', message: { type: 'reaction', reaction: { message_id: target, emoji: '👍' } } }),
      inboundPayload({ id: unrouted, ref: { phoneNumberId: '109999999999990' } }),
      envelope(TEST_CREDENTIALS.businessAccountId, [{ field: 'account_alerts', value: { entity_type: 'WABA', alert_info: { alert_status: 'NONE' } } }]),
      textFrom('34611000906', after, 'and bread', 'Eva'),
    ]);
    expect(calls).toEqual([1, 1]); // the run before the reaction, and the one after the others
    const m = await messageByWamid(app, target);
    expect(Object.values(m.reactions ?? {}).map((r: any) => r.emoji)).toEqual(['👍']);
    expect(await messageByWamid(app, after)).toMatchObject({ body: 'and bread' });
    expect((await eventWith(unrouted)).processingStatus).toBe('unrouted');
    expect((await eventWith(reaction)).processingStatus).toBe('processed');
  });

  it('applies the valid messages of a batch event whose other parts are malformed, with the notes', async () => {
    const good = wamid('good');
    const other = wamid('other');
    const malformed = envelope(TEST_CREDENTIALS.businessAccountId, [
      {
        field: 'messages',
        value: messagesValue({}, {
          contacts: [{ profile: { name: 'Flor' }, wa_id: '34611000907' }],
          messages: [null, 1, 'x', { from: '34611000907', id: good, timestamp: nowSeconds(), type: 'text', text: { body: 'valid' } }],
        }),
      },
    ]);
    await asOneBatch([malformed, textFrom('34611000908', other, 'fine', 'Gala')]);
    expect(await messageByWamid(app, good)).toMatchObject({ body: 'valid' });
    expect(await messageByWamid(app, other)).toMatchObject({ body: 'fine' });
    const event = await eventWith(good);
    expect(event).toMatchObject({ processingStatus: 'processed', outcome: { messages: { created: 1 } } });
    expect(event.payloadNotes).toHaveLength(3);
  });

  it('redoes a failing batch event by event: only the culprit fails, the rest is applied once', async () => {
    const [ok1, bad, ok2] = [wamid('ok1'), wamid('bad'), wamid('ok2')];
    const status = await outbound();
    const inbound = plugin().service('inbound-messages');
    // The batch fails as a whole (a database error mid-batch), then one event fails on its own too.
    jest.spyOn(plugin().service('statuses'), 'applyMany').mockRejectedValueOnce(new Error('deadlock detected'));
    const storeFromWebhook = inbound.storeFromWebhook.bind(inbound);
    jest.spyOn(inbound, 'storeFromWebhook').mockImplementation(async (value: any, route: any) => {
      if (value.messages?.[0]?.id === bad) throw new Error('this one is broken');
      return storeFromWebhook(value, route);
    });
    await asOneBatch([textFrom('34611000909', ok1, 'one', 'Hugo'), textFrom('34611000909', bad, 'two', 'Hugo'), statusPayload({ id: status, status: 'delivered' }), textFrom('34611000909', ok2, 'three', 'Hugo')], { fallBack: true });

    expect((await eventWith(bad)).processingStatus).toBe('failed');
    expect((await eventWith(bad)).error).toBe('this one is broken');
    expect(await messageByWamid(app, bad)).toBeNull();
    for (const id of [ok1, ok2, status]) expect(await eventWith(id)).toMatchObject({ processingStatus: 'processed', attempts: 1 });
    expect(await query(app, 'message').count({ where: { wamid: { $in: [ok1, ok2] } } })).toBe(2);
    expect((await messageByWamid(app, status)).deliveryStatus).toBe('delivered');
  });
});
