/**
 * The send endpoint end to end: permissions, validation, 202 with the queued message, the outbox
 * sending it to the sandbox, Meta's wamid stored; idempotency; listing.
 */
import { ALL_ACTIONS, apiToken, createCustomer, customerWrote, findMessage, MESSAGE, service, startOutboundApp, TEST_CREDENTIALS, type TestApp } from './helpers';
import { UID } from '../../plugins/whatsapp/shared/uids';

describe('POST /api/whatsapp/messages', () => {
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await startOutboundApp();
    token = await apiToken(app, ALL_ACTIONS);
  });

  afterAll(async () => {
    await app?.stop();
  });

  beforeEach(() => app.sandbox!.reset());

  const post = (body: unknown, bearer: string | null = token) => {
    const request = app.http.post('/api/whatsapp/messages').send(body as object);
    return bearer ? request.set('Authorization', `Bearer ${bearer}`) : request;
  };

  it('answers 403 without an API token and stores nothing', async () => {
    const res = await post({ to: '+34600111001', type: 'text', text: { body: 'hi' } }, null);
    expect(res.status).toBe(403);
    expect(await app.strapi.db.query(MESSAGE).count({ where: { direction: 'outbound' } })).toBe(0);
  });

  it('answers 403 with a token that lacks the send permission', async () => {
    const readOnly = await apiToken(app, ['plugin::whatsapp.messages.list']);
    const res = await post({ to: '+34600111001', type: 'text', text: { body: 'hi' } }, readOnly);
    expect(res.status).toBe(403);
  });

  it('queues a text (202), the outbox sends it and stores the wamid', async () => {
    await customerWrote(app, { waId: '34600111002' });
    const res = await post({ to: '+34 600 111 002', type: 'text', text: { body: 'Your order is ready', previewUrl: false } });
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({
      direction: 'outbound',
      type: 'text',
      status: 'queued',
      body: 'Your order is ready',
      customerPhone: '+34600111002',
      businessPhoneNumberId: TEST_CREDENTIALS.phoneNumberId,
      attempts: 0,
      wamid: null,
    });
    expect(res.body.data.payload).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '+34600111002',
      type: 'text',
      text: { preview_url: false, body: 'Your order is ready' },
    });
    expect(res.body.data).not.toHaveProperty('lockedBy');

    expect(await service(app, 'outbox').drain()).toBe(1);

    expect(app.sandbox!.sent).toHaveLength(1);
    const [sent] = app.sandbox!.sent;
    expect(sent.phoneNumberId).toBe(TEST_CREDENTIALS.phoneNumberId);
    expect(sent.body).toEqual(res.body.data.payload);
    const row = await findMessage(app, res.body.data.documentId);
    expect(row).toMatchObject({ deliveryStatus: 'accepted', wamid: sent.wamid, attempts: 1, lockedBy: null });

    const one = await app.http.get(`/api/whatsapp/messages/${res.body.data.documentId}`).set('Authorization', `Bearer ${token}`);
    expect(one.status).toBe(200);
    expect(one.body.data).toMatchObject({ status: 'accepted', wamid: sent.wamid, error: null });
    expect(row.acceptedAt).toBeTruthy();
    expect(row.customer.phone).toBe('+34600111002');
  });

  it('matches the existing customer by phone instead of creating a second one', async () => {
    const customer = await createCustomer(app, { name: 'Ana', phone: '+34600111003', waId: '34600111003' });
    await customerWrote(app, { waId: '34600111003', customerId: customer.id });
    const res = await post({ to: '0034 600 111 003', type: 'text', text: 'hola' });
    expect(res.status).toBe(202);
    expect(res.body.data.customer).toMatchObject({ documentId: customer.documentId, name: 'Ana' });
    expect(await app.strapi.db.query(UID.customer).count({ where: { phone: '+34600111003' } })).toBe(1);
  });

  it('sends to a customer given by documentId', async () => {
    const customer = await createCustomer(app, { name: 'Bea', phone: '+34600111004' });
    await customerWrote(app, { waId: '34600111004', customerId: customer.id });
    const res = await post({ customer: customer.documentId, type: 'text', text: 'hello Bea' });
    expect(res.status).toBe(202);
    expect(res.body.data.customerPhone).toBe('+34600111004');
  });

  it('returns the first message for a repeated idempotencyKey instead of a duplicate', async () => {
    await customerWrote(app, { waId: '34600111005' });
    const body = { to: '+34600111005', type: 'text', text: 'once', idempotencyKey: 'order-42-ready' };
    const first = await post(body);
    const second = await post(body);
    expect(first.status).toBe(202);
    expect(second.status).toBe(200);
    expect(second.body.meta.duplicate).toBe(true);
    expect(second.body.data.documentId).toBe(first.body.data.documentId);
    expect(await app.strapi.db.query(MESSAGE).count({ where: { idempotencyKey: 'order-42-ready' } })).toBe(1);
    await service(app, 'outbox').drain();
    expect(app.sandbox!.sent.filter((s) => s.to === '+34600111005')).toHaveLength(1);
  });

  it.each([
    [{ type: 'text', text: { body: 'x' } }, 'to', 'no recipient'],
    [{ to: '+34600111006', type: 'text' }, 'text', 'no text'],
    [{ to: '+34600111006', type: 'text', text: { body: 'x'.repeat(4097) } }, 'text.body', 'text over 4096'],
    [{ to: '+34600111006', type: 'fax', fax: {} }, 'type', 'unknown type'],
    [{ to: '+34600111006', type: 'text', text: 'x', tempalte: {} }, '', 'unknown field'],
    [{ to: '+34600111006', customer: 'abc', type: 'text', text: 'x' }, 'customer', 'both recipients'],
    [{ to: '+34600111006', type: 'image', image: { caption: 'c'.repeat(1025), link: 'https://example.com/a.jpg' } }, 'image.caption', 'caption over 1024'],
    [{ to: '+34600111006', type: 'image', image: { link: 'https://example.com/a.jpg', id: '123' } }, 'image', 'two media sources'],
  ])('answers 400 with the field path for invalid input (%#: %s)', async (body, path, _why) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    const paths = res.body.error.details.errors.map((e: { path: string[] }) => e.path.join('.'));
    expect(paths).toContain(path);
  });

  it('answers 400 for a phone number that is not valid, naming the field', async () => {
    const res = await post({ to: '+34 12', type: 'text', text: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/not a valid phone number/);
    expect(res.body.error.details.errors[0].path).toEqual(['to']);
  });

  it('answers 404 for an unknown customer documentId', async () => {
    const res = await post({ customer: 'nope0000000000000000000000', type: 'text', text: 'x' });
    expect(res.status).toBe(404);
  });

  it('lists messages with filters and pagination', async () => {
    const customer = await createCustomer(app, { name: 'Lia', phone: '+34600111007' });
    await customerWrote(app, { waId: '34600111007', customerId: customer.id });
    for (const text of ['one', 'two', 'three']) {
      expect((await post({ customer: customer.documentId, type: 'text', text })).status).toBe(202);
    }
    const page1 = await app.http
      .get(`/api/whatsapp/messages?customer=${customer.documentId}&direction=outbound&pageSize=2&page=1`)
      .set('Authorization', `Bearer ${token}`);
    expect(page1.status).toBe(200);
    expect(page1.body.meta.pagination).toEqual({ page: 1, pageSize: 2, pageCount: 2, total: 3 });
    expect(page1.body.data.map((m: { body: string }) => m.body)).toEqual(['three', 'two']);

    const queued = await app.http
      .get(`/api/whatsapp/messages?customer=${customer.documentId}&status=queued,failed`)
      .set('Authorization', `Bearer ${token}`);
    expect(queued.body.data).toHaveLength(3);

    const inbound = await app.http
      .get(`/api/whatsapp/messages?customer=${customer.documentId}&direction=inbound`)
      .set('Authorization', `Bearer ${token}`);
    expect(inbound.body.data).toHaveLength(1);

    const future = await app.http
      .get(`/api/whatsapp/messages?customer=${customer.documentId}&from=${encodeURIComponent(new Date(Date.now() + 3600e3).toISOString())}`)
      .set('Authorization', `Bearer ${token}`);
    expect(future.body.data).toHaveLength(0);

    const tooBig = await app.http.get('/api/whatsapp/messages?pageSize=101').set('Authorization', `Bearer ${token}`);
    expect(tooBig.status).toBe(400);
    expect(tooBig.body.error.details.errors[0].path).toEqual(['pageSize']);
  });

  it('is the same service for plugin code: send() validates and queues', async () => {
    await customerWrote(app, { waId: '34600111008' });
    const { message } = await service(app, 'messages').send({ to: '+34600111008', type: 'text', text: 'from code' });
    expect(message.status).toBe('queued');
    await expect(service(app, 'messages').send({ to: '+34600111008', type: 'text' })).rejects.toMatchObject({ name: 'ValidationError' });
  });
});
