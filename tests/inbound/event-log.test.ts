/**
 * The event log: nothing lost across a crash between the 200 and the processing, failures kept
 * with their error and retried with back-off, retention pruning, concurrent identical deliveries,
 * and the admin routes over the log (list, detail, retry) with their RBAC.
 */
import { WEBHOOK_MAX_ATTEMPTS } from '../../plugins/whatsapp/server/src/inbound/processor';
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { deliver, inboundPayload, messageByWamid, postSigned, query, rawOf, settle, wamid } from './helpers';
import { PLUGIN_ID } from '../../plugins/whatsapp/shared/uids';

const processorOf = (app: TestApp) => app.strapi.plugin(PLUGIN_ID).service('webhook-processor');
const eventFor = (app: TestApp, id: string) => query(app, 'webhook-event').findOne({ where: { rawBody: { $contains: id } } });

describe('durability across a restart', () => {
  it('processes after a restart an event stored while Strapi died before processing it', async () => {
    const first = await startTestApp();
    let second: TestApp | undefined;
    const id = wamid('crash');
    try {
      await processorOf(first).stop(); // the process "dies" right after answering 200
      const res = await postSigned(first, inboundPayload({ id, message: { type: 'text', text: { body: 'survive me' } } }));
      expect(res.status).toBe(200);
      expect((await eventFor(first, id)).processingStatus).toBe('pending');
      expect(await messageByWamid(first, id)).toBeNull();
    } finally {
      await first.stop({ keepDatabase: true });
    }
    try {
      second = await startTestApp({ database: first.database });
      await settle(second);
      expect((await eventFor(second, id)).processingStatus).toBe('processed');
      expect(await messageByWamid(second, id)).toMatchObject({ body: 'survive me' });
    } finally {
      await second?.stop();
      if (!second) await first.database.drop();
    }
  });
});

describe('event log', () => {
  let app: TestApp;
  let admin: { token: string };

  beforeAll(async () => {
    app = await startTestApp();
    admin = await createAdmin(app);
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await app?.stop();
  });

  describe('failures and retries', () => {
    it('keeps a processing failure on the event and retries it with back-off', async () => {
      const inbound = app.strapi.plugin(PLUGIN_ID).service('inbound-messages');
      const spy = jest.spyOn(inbound, 'storeFromWebhook').mockRejectedValueOnce(new Error('database hiccup'));
      const id = wamid('fail');
      const before = Date.now();
      await deliver(app, inboundPayload({ id }));
      spy.mockRestore();

      let event = await eventFor(app, id);
      expect(event).toMatchObject({ processingStatus: 'failed', error: 'database hiccup', attempts: 1 });
      const next = new Date(event.nextAttemptAt).getTime();
      expect(next).toBeGreaterThanOrEqual(before + 15_000);

      await processorOf(app).sweep(); // not due yet: stays failed
      expect((await eventFor(app, id)).processingStatus).toBe('failed');

      await query(app, 'webhook-event').update({ where: { id: event.id }, data: { nextAttemptAt: new Date(Date.now() - 1000) } });
      await processorOf(app).sweep();
      event = await eventFor(app, id);
      expect(event).toMatchObject({ processingStatus: 'processed', attempts: 2, error: null, nextAttemptAt: null });
      expect(await messageByWamid(app, id)).not.toBeNull();
    });

    it('gives up after the last attempt until an admin retries', async () => {
      const inbound = app.strapi.plugin(PLUGIN_ID).service('inbound-messages');
      const id = wamid('giveup');
      await processorOf(app).stop();
      await postSigned(app, inboundPayload({ id }));
      const stored = await eventFor(app, id);
      await query(app, 'webhook-event').update({ where: { id: stored.id }, data: { attempts: WEBHOOK_MAX_ATTEMPTS - 1 } });
      const spy = jest.spyOn(inbound, 'storeFromWebhook').mockRejectedValueOnce(new Error('still broken'));
      processorOf(app).start();
      await settle(app);
      spy.mockRestore();
      expect(await eventFor(app, id)).toMatchObject({ processingStatus: 'failed', attempts: WEBHOOK_MAX_ATTEMPTS, nextAttemptAt: null, error: 'still broken' });

      const res = await app.http.post(`/whatsapp/webhook-events/${stored.id}/retry`).set('Authorization', `Bearer ${admin.token}`);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ id: stored.id, status: 'pending' });
      await settle(app);
      expect((await eventFor(app, id)).processingStatus).toBe('processed');
    });

    it('picks up an event whose processing lease expired (a process died mid-way)', async () => {
      const id = wamid('lease');
      await processorOf(app).stop();
      await postSigned(app, inboundPayload({ id }));
      const stored = await eventFor(app, id);
      await query(app, 'webhook-event').update({ where: { id: stored.id }, data: { processingStatus: 'processing', attempts: 1, nextAttemptAt: new Date(Date.now() - 1000) } });
      processorOf(app).start();
      await settle(app);
      expect(await eventFor(app, id)).toMatchObject({ processingStatus: 'processed', attempts: 2 });
    });
  });

  it('prunes processed events older than the retention, and keeps the rest', async () => {
    const oldId = wamid('old');
    const recentId = wamid('recent');
    const failedId = wamid('oldfailed');
    for (const id of [oldId, recentId, failedId]) await deliver(app, inboundPayload({ id }));
    const days = (n: number) => new Date(Date.now() - n * 24 * 3600_000);
    await query(app, 'webhook-event').update({ where: { id: (await eventFor(app, oldId)).id }, data: { processedAt: days(31) } });
    await query(app, 'webhook-event').update({ where: { id: (await eventFor(app, failedId)).id }, data: { processingStatus: 'failed', processedAt: days(90) } });
    const pruned = await processorOf(app).prune();
    expect(pruned).toBeGreaterThanOrEqual(1);
    expect(await eventFor(app, oldId)).toBeNull();
    expect(await eventFor(app, recentId)).not.toBeNull();
    expect(await eventFor(app, failedId)).not.toBeNull();
    expect(await messageByWamid(app, oldId)).not.toBeNull(); // the message itself stays
  });

  it('stores one event and one message for two identical POSTs at the same moment', async () => {
    const id = wamid('same');
    const payload = inboundPayload({ id });
    const [a, b] = await Promise.all([postSigned(app, payload), postSigned(app, payload)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await settle(app);
    expect(await query(app, 'webhook-event').count({ where: { rawBody: rawOf(payload) } })).toBe(1);
    expect(await query(app, 'message').count({ where: { wamid: id } })).toBe(1);
  });

  it('stores one message when two processors handle the same message at the same moment', async () => {
    const id = wamid('race');
    const value = inboundPayload({ id, from: '34688777666' }).entry[0].changes[0].value as any;
    const route = await app.strapi.plugin(PLUGIN_ID).service('number-routing').resolve(TEST_CREDENTIALS.phoneNumberId);
    const inbound = app.strapi.plugin(PLUGIN_ID).service('inbound-messages');
    const results = await Promise.all([inbound.storeFromWebhook(value, route), inbound.storeFromWebhook(value, route), inbound.storeFromWebhook(value, route)]);
    expect(results.reduce((n: number, r: any) => n + r.created, 0)).toBe(1);
    expect(results.reduce((n: number, r: any) => n + r.duplicates, 0)).toBe(2);
    expect(await query(app, 'message').count({ where: { wamid: id } })).toBe(1);
    expect(await query(app, 'customer').count({ where: { phone: '+34688777666' } })).toBe(1);
  });

  it('emits message.created for a stored inbound message', async () => {
    const seen: any[] = [];
    const off = app.strapi.plugin(PLUGIN_ID).service('events').on('message.created', (e: any) => seen.push(e));
    const id = wamid('emit');
    try {
      await deliver(app, inboundPayload({ id }));
    } finally {
      off();
    }
    expect(seen).toEqual([expect.objectContaining({ wamid: id, direction: 'inbound', status: 'received', type: 'text', conversationKey: `${TEST_CREDENTIALS.phoneNumberId}:34600111222` })]);
  });

  describe('admin routes', () => {
    const get = (path: string, token = admin.token) => app.http.get(path).set('Authorization', `Bearer ${token}`);

    it('lists events newest first, filtered by status, paginated, without raw bodies', async () => {
      const unknownId = wamid('unrouted');
      await deliver(app, inboundPayload({ id: unknownId, ref: { phoneNumberId: '108888888888888' } }));
      const res = await get('/whatsapp/webhook-events?status=unrouted&page=1&pageSize=1');
      expect(res.status).toBe(200);
      expect(res.body.pagination).toMatchObject({ page: 1, pageSize: 1 });
      expect(res.body.pagination.total).toBeGreaterThanOrEqual(1);
      expect(res.body.results).toHaveLength(1);
      expect(res.body.results[0]).toMatchObject({ status: 'unrouted', phoneNumberIds: '108888888888888' });
      expect(res.body.results[0]).not.toHaveProperty('rawBody');

      const all = await get('/whatsapp/webhook-events?pageSize=5');
      const ids = all.body.results.map((e: any) => e.id);
      expect([...ids].sort((x: number, y: number) => y - x)).toEqual(ids);
    });

    it('shows one event with its raw body', async () => {
      const list = await get('/whatsapp/webhook-events?status=processed&pageSize=1');
      const res = await get(`/whatsapp/webhook-events/${list.body.results[0].id}`);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body.data.rawBody).object).toBe('whatsapp_business_account');
    });

    it('answers 400 with a readable message for a bad filter or id', async () => {
      const bad = await get('/whatsapp/webhook-events?status=bogus');
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/status: must be one of pending, processing, processed, failed, unrouted/);
      expect((await get('/whatsapp/webhook-events?pageSize=1000')).status).toBe(400);
      expect((await get('/whatsapp/webhook-events/abc')).status).toBe(400);
    });

    it('answers 404 for an event that does not exist and 409 for retrying a processed one', async () => {
      expect((await get('/whatsapp/webhook-events/99999999')).status).toBe(404);
      const list = await get('/whatsapp/webhook-events?status=processed&pageSize=1');
      const res = await app.http.post(`/whatsapp/webhook-events/${list.body.results[0].id}/retry`).set('Authorization', `Bearer ${admin.token}`);
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/only failed or unrouted events can be retried/);
    });

    it('requires an admin with the webhooks-read permission', async () => {
      expect((await app.http.get('/whatsapp/webhook-events')).status).toBe(401);
      const editor = await createAdmin(app, { roleCode: 'strapi-editor' });
      expect((await get('/whatsapp/webhook-events', editor.token)).status).toBe(403);
      const retry = await app.http.post('/whatsapp/webhook-events/1/retry').set('Authorization', `Bearer ${editor.token}`);
      expect(retry.status).toBe(403);
    });

    it('refuses to simulate an inbound message when not in offline mode (409)', async () => {
      const res = await app.http.post('/whatsapp/sandbox/inbound').set('Authorization', `Bearer ${admin.token}`).send({ from: '+34600111222', text: 'hi' });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/offline mode/);
    });

    it('refuses to simulate a refusal by Meta when not in offline mode (409)', async () => {
      const res = await app.http.post('/whatsapp/sandbox/faults').set('Authorization', `Bearer ${admin.token}`).send({ code: 131026 });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/offline mode/);
    });
  });
});

describe('offline mode: simulated inbound messages and refusals by Meta', () => {
  let app: TestApp;
  let admin: { token: string };

  beforeAll(async () => {
    app = await startTestApp({ sandbox: false, env: { WHATSAPP_OFFLINE_MODE: 'true' } });
    app.strapi.plugin(PLUGIN_ID).service('runtime').sandbox().setWebhookUrl(`${app.url}/api/whatsapp/webhook`);
    admin = await createAdmin(app);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('injects a customer message through the sandbox, signed, into the comms log', async () => {
    const res = await app.http
      .post('/whatsapp/sandbox/inbound')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ from: '+34 611 222 333', name: 'Sandbox Sara', text: 'Hello from the sandbox' });
    expect(res.status).toBe(200);
    expect(res.body.data.webhookStatus).toBe(200);
    await settle(app);
    const m = await messageByWamid(app, res.body.data.wamid);
    expect(m).toMatchObject({ body: 'Hello from the sandbox', customerPhone: '+34611222333', profileName: 'Sandbox Sara', direction: 'inbound' });
  });

  it('validates the simulated message', async () => {
    const res = await app.http.post('/whatsapp/sandbox/inbound').set('Authorization', `Bearer ${admin.token}`).send({ from: 'nobody', text: '' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/from: must be an international phone number/);
  });

  const send = (text: string) =>
    app.http
      .post('/whatsapp/messages')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ to: '+34611222444', type: 'text', text: { body: text } });

  async function finalState(documentId: string) {
    for (let i = 0; i < 100; i += 1) {
      const res = await app.http.get(`/whatsapp/messages/${documentId}`).set('Authorization', `Bearer ${admin.token}`);
      if (res.body.data && !['queued', 'sending'].includes(res.body.data.status)) return res.body.data;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`message ${documentId} never left the outbox`);
  }

  it('fails the next send with Meta’s code, and the one after goes through', async () => {
    const inbound = await app.http
      .post('/whatsapp/sandbox/inbound')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ from: '+34611222444', name: 'Sandbox Sofía', text: 'Hola' });
    expect(inbound.status).toBe(200);
    await settle(app);

    const fault = await app.http.post('/whatsapp/sandbox/faults').set('Authorization', `Bearer ${admin.token}`).send({ code: 131026, title: 'Message undeliverable' });
    expect(fault.status).toBe(201);
    expect(fault.body.data).toEqual({ code: 131026, count: 1 });

    const refused = await send('first');
    expect(refused.status).toBe(202);
    expect(await finalState(refused.body.data.documentId)).toMatchObject({ status: 'failed', error: { code: 131026, title: 'Message undeliverable' } });

    const delivered = await send('second');
    expect(delivered.status).toBe(202);
    expect((await finalState(delivered.body.data.documentId)).status).not.toBe('failed');
  });

  it('validates the simulated refusal, naming the field', async () => {
    const post = (body: unknown) => app.http.post('/whatsapp/sandbox/faults').set('Authorization', `Bearer ${admin.token}`).send(body as object);
    const missing = await post({});
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toMatch(/code: is required/);
    const tooMany = await post({ code: 131026, count: 50 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/count: must be at most 20/);
    const unknown = await post({ code: 131026, path: '/anything' });
    expect(unknown.status).toBe(400);
  });

  it('requires the sandbox-simulate permission', async () => {
    expect((await app.http.post('/whatsapp/sandbox/faults').send({ code: 131026 })).status).toBe(401);
    const editor = await createAdmin(app, { roleCode: 'strapi-editor' });
    const res = await app.http.post('/whatsapp/sandbox/faults').set('Authorization', `Bearer ${editor.token}`).send({ code: 131026 });
    expect(res.status).toBe(403);
  });
});
