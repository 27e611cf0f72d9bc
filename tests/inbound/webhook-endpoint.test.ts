/**
 * The webhook endpoint: verification handshake, signature over the raw bytes (one test per
 * failure mode, svix-style), size and JSON checks, storage before the 200, dedupe of identical
 * deliveries, and processing of a text message into the comms log.
 */
import { signPayload } from '../../plugins/whatsapp/sandbox';
import { startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { deliver, inboundPayload, messageByWamid, postSigned, query, rawOf, settle, wamid } from './helpers';
import { PLUGIN_ID } from '../../plugins/whatsapp/shared/uids';

describe('webhook endpoint', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app?.stop();
  });

  const eventCount = () => query(app, 'webhook-event').count();

  describe('GET verification', () => {
    const verify = (params: Record<string, string>) =>
      app.http.get(`/api/whatsapp/webhook?${new URLSearchParams(params).toString()}`);

    it('answers the challenge as plain text when the token matches', async () => {
      const res = await verify({ 'hub.mode': 'subscribe', 'hub.verify_token': TEST_CREDENTIALS.verifyToken, 'hub.challenge': '1158201444' });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.text).toBe('1158201444');
    });

    it('refuses a wrong token with 403', async () => {
      const res = await verify({ 'hub.mode': 'subscribe', 'hub.verify_token': 'wrong', 'hub.challenge': 'x' });
      expect(res.status).toBe(403);
      expect(res.text).not.toContain('x');
    });

    it('refuses a token that is a prefix of the right one', async () => {
      const res = await verify({ 'hub.mode': 'subscribe', 'hub.verify_token': TEST_CREDENTIALS.verifyToken.slice(0, -1), 'hub.challenge': 'x' });
      expect(res.status).toBe(403);
    });

    it('refuses a mode other than subscribe', async () => {
      const res = await verify({ 'hub.mode': 'unsubscribe', 'hub.verify_token': TEST_CREDENTIALS.verifyToken, 'hub.challenge': 'x' });
      expect(res.status).toBe(403);
    });
  });

  describe('POST signature', () => {
    it('refuses a missing X-Hub-Signature-256 with 401 and stores nothing', async () => {
      const before = await eventCount();
      const res = await app.http.post('/api/whatsapp/webhook').set('Content-Type', 'application/json').send(rawOf(inboundPayload()));
      expect(res.status).toBe(401);
      expect(res.body.error.message).toMatch(/X-Hub-Signature-256/);
      expect(await eventCount()).toBe(before);
    });

    it('refuses a malformed signature header with 401', async () => {
      const raw = rawOf(inboundPayload());
      const res = await app.http
        .post('/api/whatsapp/webhook')
        .set('Content-Type', 'application/json')
        .set('X-Hub-Signature-256', signPayload(raw, TEST_CREDENTIALS.appSecret).replace('sha256=', 'sha1='))
        .send(raw);
      expect(res.status).toBe(401);
    });

    it('refuses a body signed with another secret with 401 and stores nothing', async () => {
      const before = await eventCount();
      const res = await postSigned(app, inboundPayload(), 'not-the-app-secret');
      expect(res.status).toBe(401);
      expect(await eventCount()).toBe(before);
    });

    it('refuses a tampered body (signature of the original) with 401 and stores nothing', async () => {
      const before = await eventCount();
      const raw = rawOf(inboundPayload({ message: { type: 'text', text: { body: 'pay 10 EUR' } } }));
      const signature = signPayload(raw, TEST_CREDENTIALS.appSecret);
      const res = await app.http
        .post('/api/whatsapp/webhook')
        .set('Content-Type', 'application/json')
        .set('X-Hub-Signature-256', signature)
        .send(raw.replace('pay 10 EUR', 'pay 99 EUR'));
      expect(res.status).toBe(401);
      expect(await eventCount()).toBe(before);
    });

    it('checks the exact bytes: a re-serialised non-ASCII body does not verify, the escaped one does', async () => {
      const payload = inboundPayload({ name: 'José Núñez', message: { type: 'text', text: { body: 'Añadir 2 cafés ☕ 😀' } } });
      const escaped = rawOf(payload);
      expect(escaped).toContain('\\u00f1'); // Meta escapes non-ASCII
      const reserialised = JSON.stringify(JSON.parse(escaped));
      const bad = await app.http
        .post('/api/whatsapp/webhook')
        .set('Content-Type', 'application/json')
        .set('X-Hub-Signature-256', signPayload(escaped, TEST_CREDENTIALS.appSecret))
        .send(reserialised);
      expect(bad.status).toBe(401);

      await deliver(app, payload);
      const id = (payload.entry[0].changes[0].value as any).messages[0].id;
      const message = await messageByWamid(app, id);
      expect(message.body).toBe('Añadir 2 cafés ☕ 😀');
      expect(message.profileName).toBe('José Núñez');
    });
  });

  describe('POST body checks', () => {
    it('answers 400 to a correctly signed body that is not JSON, and stores nothing', async () => {
      const before = await eventCount();
      const raw = 'this is not json';
      const res = await app.http
        .post('/api/whatsapp/webhook')
        .set('Content-Type', 'application/json')
        .set('X-Hub-Signature-256', signPayload(raw, TEST_CREDENTIALS.appSecret))
        .send(raw);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/JSON/);
      expect(await eventCount()).toBe(before);
    });

    it('answers 413 to a body over 3 MB, and stores nothing', async () => {
      const before = await eventCount();
      const raw = JSON.stringify({ object: 'whatsapp_business_account', padding: 'x'.repeat(3 * 1024 * 1024) });
      const res = await app.http
        .post('/api/whatsapp/webhook')
        .set('Content-Type', 'application/json')
        .set('X-Hub-Signature-256', signPayload(raw, TEST_CREDENTIALS.appSecret))
        .send(raw);
      expect(res.status).toBe(413);
      expect(await eventCount()).toBe(before);
    });
  });

  describe('storage and processing', () => {
    it('stores the event before answering 200, then processes it into a message', async () => {
      const id = wamid('text');
      const payload = inboundPayload({ id, from: '34600111222', name: 'Ana García', message: { type: 'text', text: { body: 'Hola, ¿abrís hoy?' } } });
      const processor = app.strapi.plugin(PLUGIN_ID).service('webhook-processor');
      await processor.stop(); // nothing processes: what the 200 guarantees is the stored event alone
      try {
        const res = await postSigned(app, payload);
        expect(res.status).toBe(200);
        const event = await query(app, 'webhook-event').findOne({ where: { bodySha256: require('crypto').createHash('sha256').update(rawOf(payload)).digest('hex') } });
        expect(event).toMatchObject({ processingStatus: 'pending', signatureValid: true, fields: 'messages', phoneNumberIds: TEST_CREDENTIALS.phoneNumberId, wabaId: TEST_CREDENTIALS.businessAccountId });
        expect(event.rawBody).toBe(rawOf(payload));
        expect(event.documentId).toMatch(/^[a-z][a-z0-9]{23}$/);
        expect(await messageByWamid(app, id)).toBeNull();
      } finally {
        processor.start();
      }
      await settle(app);

      const message = await messageByWamid(app, id);
      expect(message).toMatchObject({
        direction: 'inbound',
        type: 'text',
        deliveryStatus: 'received',
        body: 'Hola, ¿abrís hoy?',
        businessPhoneNumberId: TEST_CREDENTIALS.phoneNumberId,
        customerPhone: '+34600111222',
        customerWaId: '34600111222',
        profileName: 'Ana García',
        conversationKey: `${TEST_CREDENTIALS.phoneNumberId}:34600111222`,
      });
      expect(message.phoneNumber.phoneNumberId).toBe(TEST_CREDENTIALS.phoneNumberId);
      expect(new Date(message.occurredAt).getTime()).toBe(Number((payload.entry[0].changes[0].value as any).messages[0].timestamp) * 1000);
      const event = await query(app, 'webhook-event').findOne({ where: { rawBody: rawOf(payload) } });
      expect(event.processingStatus).toBe('processed');
      expect(event.processedAt).toBeTruthy();
      expect(event.outcome.messages.created).toBe(1);
    });

    it('keeps one event and one message when the same delivery arrives twice', async () => {
      const id = wamid('dup');
      const payload = inboundPayload({ id });
      await deliver(app, payload);
      await deliver(app, payload);
      expect(await query(app, 'webhook-event').count({ where: { rawBody: rawOf(payload) } })).toBe(1);
      expect(await query(app, 'message').count({ where: { wamid: id } })).toBe(1);
    });

    it('keeps one message when the same message arrives in two different POSTs', async () => {
      const id = wamid('twice');
      const first = inboundPayload({ id });
      const second = { ...inboundPayload({ id }), entry: [{ ...inboundPayload({ id }).entry[0], time: 1 }] };
      expect(rawOf(first)).not.toBe(rawOf(second));
      await deliver(app, first);
      await deliver(app, second);
      expect(await query(app, 'message').count({ where: { wamid: id } })).toBe(1);
      const events = await query(app, 'webhook-event').findMany({ where: { rawBody: { $in: [rawOf(first), rawOf(second)] } } });
      expect(events.map((e: any) => e.processingStatus)).toEqual(['processed', 'processed']);
      expect(events.map((e: any) => e.outcome.messages.duplicates).sort()).toEqual([0, 1]);
    });

    it('stores several POSTs arriving together, each once', async () => {
      const ids = Array.from({ length: 12 }, () => wamid('burst'));
      const responses = await Promise.all(ids.map((id) => postSigned(app, inboundPayload({ id, from: '34600999000' }))));
      expect(responses.map((r) => r.status)).toEqual(ids.map(() => 200));
      await settle(app);
      expect(await query(app, 'message').count({ where: { wamid: { $in: ids } } })).toBe(12);
    });
  });
});
