/**
 * Identity by BSUID (issue #13 item 1): a customer who writes from a WhatsApp username (no phone
 * in the webhook, only `from_user_id` / `contacts[].user_id`) is stored with the username, a reply
 * reaches Meta with `recipient` (never a BSUID in `to`), authentication templates are refused
 * for such a customer, status webhooks with only `recipient_user_id` are applied, and the
 * user_changed_user_id / user_changed_number system messages keep one customer with its timeline.
 */
import { ALL_ACTIONS, apiToken, createCustomer, customerWrote, findMessage, seedTemplates, service, startOutboundApp, TEMPLATES, TEST_CREDENTIALS, type TestApp } from '../outbound/helpers';
import { deliver, envelope, messageByWamid, messagesValue, nowSeconds, settle, wamid } from './helpers';
import { createAdmin, startTestApp } from '../helpers/strapi';
import { PLUGIN_ID, UID } from '../../plugins/whatsapp/shared/uids';

const PNID = TEST_CREDENTIALS.phoneNumberId;
const AUTH_TEMPLATE = {
  name: 'login_code',
  language: 'en_US',
  category: 'AUTHENTICATION' as const,
  components: [{ type: 'BODY', text: '{{1}} is your verification code.' }],
};

/** A `messages` webhook from a username user: no `from`, no `wa_id`, only the BSUID. */
function usernamePayload(input: { userId: string; username?: string; parentUserId?: string; name?: string; id?: string; text?: string; from?: string }) {
  const contact: Record<string, unknown> = {
    profile: { name: input.name ?? 'Lucía', ...(input.username ? { username: input.username } : {}) },
    user_id: input.userId,
    ...(input.parentUserId ? { parent_user_id: input.parentUserId } : {}),
    ...(input.from ? { wa_id: input.from } : {}),
  };
  const message = {
    ...(input.from ? { from: input.from } : {}),
    from_user_id: input.userId,
    id: input.id ?? wamid('bsuid'),
    timestamp: nowSeconds(),
    type: 'text',
    text: { body: input.text ?? 'Hola, soy yo' },
  };
  return envelope(TEST_CREDENTIALS.businessAccountId, [{ field: 'messages', value: messagesValue({}, { contacts: [contact], messages: [message] }) }]);
}

function systemPayload(from: { from?: string; userId?: string }, system: Record<string, unknown>, id = wamid('sys')) {
  const message = {
    ...(from.from ? { from: from.from } : {}),
    ...(from.userId ? { from_user_id: from.userId } : {}),
    id,
    timestamp: nowSeconds(),
    type: 'system',
    system,
  };
  return envelope(TEST_CREDENTIALS.businessAccountId, [{ field: 'messages', value: messagesValue({}, { messages: [message] }) }]);
}

describe('identity by BSUID (username users, phone optional)', () => {
  let app: TestApp;
  let token: string;

  beforeAll(async () => {
    app = await startOutboundApp({ sandbox: { templates: [...TEMPLATES, AUTH_TEMPLATE] } });
    await seedTemplates(app, [AUTH_TEMPLATE]);
    token = await apiToken(app, ALL_ACTIONS);
  });
  afterAll(async () => {
    await app?.stop();
  });
  beforeEach(() => app.sandbox!.reset());

  const post = (body: unknown) => app.http.post('/api/whatsapp/messages').set('Authorization', `Bearer ${token}`).send(body as object);
  const customerByUserId = (userId: string) => app.strapi.db.query(UID.customer).findOne({ where: { userId } });

  it('stores a username-only sender (BSUID, username, parent BSUID) and a reply reaches Meta with recipient, never to', async () => {
    const userId = 'US.13491208655302741918';
    const id = wamid('in');
    await deliver(app, usernamePayload({ userId, username: 'lucia.g', parentUserId: 'US.ENT.11815799212886844830', id }));
    const inbound = await messageByWamid(app, id);
    expect(inbound).toMatchObject({ customerUserId: userId, customerWaId: null, conversationKey: `${PNID}:${userId}` });
    const customer = await customerByUserId(userId);
    expect(customer).toMatchObject({ phone: null, waId: null, userId, username: 'lucia.g', parentUserId: 'US.ENT.11815799212886844830', name: 'Lucía' });
    expect(inbound.customer.id).toBe(customer.id);

    app.sandbox!.openWindow(PNID, userId, Date.now());
    const res = await post({ customer: customer.documentId, type: 'text', text: 'Hola Lucía' });
    expect(res.status).toBe(202);
    expect(res.body.data.payload).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      recipient: userId,
      type: 'text',
      text: { preview_url: false, body: 'Hola Lucía' },
    });
    expect(res.body.data.payload).not.toHaveProperty('to');
    expect(await service(app, 'outbox').drain()).toBe(1);
    const [sent] = app.sandbox!.sent;
    expect(sent.recipient).toBe(userId);
    expect(sent.dropped).toBeUndefined();
    expect(sent.body.to).toBeUndefined();
    const row = await findMessage(app, res.body.data.documentId);
    expect(row).toMatchObject({ deliveryStatus: 'accepted', wamid: sent.wamid, customerUserId: userId, conversationKey: `${PNID}:${userId}`, customerPhone: null });
  });

  it('sends with recipient when the BSUID is given as to in our API, to the same customer', async () => {
    const userId = 'US.20000000000000000001';
    await deliver(app, usernamePayload({ userId, username: 'marta' }));
    app.sandbox!.openWindow(PNID, userId, Date.now());
    const res = await post({ to: userId, type: 'text', text: 'Hola Marta' });
    expect(res.status).toBe(202);
    expect(res.body.data.payload.recipient).toBe(userId);
    expect(res.body.data.payload.to).toBeUndefined();
    expect(await app.strapi.db.query(UID.customer).count({ where: { userId } })).toBe(1);
    await service(app, 'outbox').drain();
    expect(app.sandbox!.sent.filter((s) => s.body.to === userId)).toHaveLength(0);
  });

  it('sends with recipient to the parent BSUID of a customer known by nothing else', async () => {
    const parentUserId = 'US.ENT.20000000000000000009';
    const customer = await createCustomer(app, { name: 'Imported', parentUserId });
    const res = await post({ customer: customer.documentId, type: 'template', template: { name: 'hello_world', language: 'en_US' } });
    expect(res.status).toBe(202);
    expect(res.body.data.payload).toMatchObject({ recipient: parentUserId });
    expect(res.body.data.payload.to).toBeUndefined();
    expect(await service(app, 'outbox').drain()).toBe(1);
    expect(app.sandbox!.sent[0]).toMatchObject({ recipient: parentUserId, type: 'template' });
  });

  it('uses to (the phone) when the customer has one, even with a BSUID', async () => {
    const customer = await createCustomer(app, { name: 'Pep', phone: '+34600222001', waId: '34600222001', userId: 'ES.30000000000000000001' });
    await customerWrote(app, { waId: '34600222001', customerId: customer.id });
    const res = await post({ customer: customer.documentId, type: 'text', text: 'hola' });
    expect(res.status).toBe(202);
    expect(res.body.data.payload.to).toBe('+34600222001');
    expect(res.body.data.payload.recipient).toBeUndefined();
    expect(await service(app, 'outbox').drain()).toBe(1);
  });

  it('refuses an authentication template for a BSUID-only customer with a 422 naming the field, and stores nothing', async () => {
    const userId = 'US.40000000000000000001';
    await deliver(app, usernamePayload({ userId }));
    const customer = await customerByUserId(userId);
    const before = await app.strapi.db.query(UID.message).count({ where: { direction: 'outbound' } });
    const res = await post({ customer: customer.documentId, type: 'template', template: { name: 'login_code', language: 'en_US', body: ['123456'] } });
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/authentication template.*only to phone numbers/);
    expect(res.body.error.details).toMatchObject({ path: ['customer'], reason: 'authentication_needs_phone' });
    const viaTo = await post({ to: userId, type: 'template', template: { name: 'login_code', language: 'en_US', body: ['123456'] } });
    expect(viaTo.status).toBe(422);
    expect(viaTo.body.error.details.path).toEqual(['to']);
    expect(await app.strapi.db.query(UID.message).count({ where: { direction: 'outbound' } })).toBe(before);
  });

  it('sends a utility template to a BSUID-only customer with recipient', async () => {
    const userId = 'US.40000000000000000002';
    await deliver(app, usernamePayload({ userId }));
    const res = await post({ to: userId, type: 'template', template: { name: 'hello_world', language: 'en_US' } });
    expect(res.status).toBe(202);
    expect(res.body.data.payload).toMatchObject({ recipient: userId, type: 'template' });
    expect(res.body.data.payload.to).toBeUndefined();
    expect(await service(app, 'outbox').drain()).toBe(1);
    expect(app.sandbox!.sent[0]).toMatchObject({ recipient: userId, type: 'template' });
  });

  it('applies a status webhook that carries only recipient_user_id', async () => {
    const userId = 'US.50000000000000000001';
    await deliver(app, usernamePayload({ userId }));
    app.sandbox!.openWindow(PNID, userId, Date.now());
    const res = await post({ to: userId, type: 'text', text: 'status?' });
    expect(res.status).toBe(202);
    expect(await service(app, 'outbox').drain()).toBe(1);
    const [sent] = app.sandbox!.sent;
    expect(sent.recipient).toBe(userId);
    const status = { id: sent.wamid, status: 'delivered', timestamp: nowSeconds(), recipient_user_id: userId };
    await deliver(app, envelope(TEST_CREDENTIALS.businessAccountId, [{ field: 'messages', value: messagesValue({}, { statuses: [status] }) }]));
    const row = await findMessage(app, res.body.data.documentId);
    expect(row.deliveryStatus).toBe('delivered');
  });

  it('user_changed_user_id: one customer, the new BSUID, the whole timeline with the change shown', async () => {
    const oldId = 'US.60000000000000000001';
    const newId = 'US.60000000000000000002';
    const first = wamid('in');
    await deliver(app, usernamePayload({ userId: oldId, username: 'nora', id: first, text: 'antes' }));
    const customer = await customerByUserId(oldId);
    const change = wamid('sys');
    await deliver(app, systemPayload({ userId: oldId }, { body: 'User changed their user id', type: 'user_changed_user_id', user_id: newId }, change));
    const after = await app.strapi.db.query(UID.customer).findOne({ where: { id: customer.id } });
    expect(after).toMatchObject({ userId: newId, username: 'nora' });
    const last = wamid('in');
    await deliver(app, usernamePayload({ userId: newId, username: 'nora', id: last, text: 'después' }));
    expect(await app.strapi.db.query(UID.customer).count({ where: { $or: [{ userId: oldId }, { userId: newId }] } })).toBe(1);
    expect((await messageByWamid(app, last)).customer.id).toBe(customer.id);

    const page = await service(app, 'timeline').page(customer.documentId, { limit: 30 });
    const bodies = page.data.messages.map((m: { body: string | null }) => m.body);
    expect(bodies).toEqual(['antes', 'User changed their user id', 'después']);
    const system = await messageByWamid(app, change);
    expect(system.payload.identityChange).toMatchObject({ type: 'user_changed_user_id', applied: true, changed: ['userId'] });
  });

  it('user_changed_number: one customer, the new phone, old and new messages in one timeline', async () => {
    const customer = await createCustomer(app, { name: 'Iker', phone: '+34600333001', waId: '34600333001' });
    const first = wamid('in');
    await deliver(app, envelope(TEST_CREDENTIALS.businessAccountId, [{ field: 'messages', value: messagesValue({}, {
      contacts: [{ profile: { name: 'Iker' }, wa_id: '34600333001' }],
      messages: [{ from: '34600333001', id: first, timestamp: nowSeconds(), type: 'text', text: { body: 'old number' } }],
    }) }]));
    await deliver(app, systemPayload({ from: '34600333001' }, { body: 'User Iker changed from 34600333001 to 34600333002', wa_id: '34600333002', type: 'user_changed_number' }));
    const after = await app.strapi.db.query(UID.customer).findOne({ where: { id: customer.id } });
    expect(after).toMatchObject({ phone: '+34600333002', waId: '34600333002' });
    const last = wamid('in');
    await deliver(app, envelope(TEST_CREDENTIALS.businessAccountId, [{ field: 'messages', value: messagesValue({}, {
      contacts: [{ profile: { name: 'Iker' }, wa_id: '34600333002' }],
      messages: [{ from: '34600333002', id: last, timestamp: nowSeconds(), type: 'text', text: { body: 'new number' } }],
    }) }]));
    expect((await messageByWamid(app, last)).customer.id).toBe(customer.id);
    expect(await app.strapi.db.query(UID.customer).count({ where: { phone: { $in: ['+34600333001', '+34600333002'] } } })).toBe(1);
    const page = await service(app, 'timeline').page(customer.documentId, { limit: 30 });
    expect(page.data.messages.map((m: { body: string | null }) => m.body)).toEqual(['old number', 'User Iker changed from 34600333001 to 34600333002', 'new number']);
  });

  it('an identity change that clashes with another customer leaves the old identity intact', async () => {
    const a = await createCustomer(app, { name: 'A', userId: 'US.70000000000000000001', identityKey: '-|US.70000000000000000001' });
    await createCustomer(app, { name: 'B', userId: 'US.70000000000000000002', identityKey: '-|US.70000000000000000002' });
    const change = wamid('sys');
    await deliver(app, systemPayload({ userId: 'US.70000000000000000001' }, { body: 'changed', type: 'user_changed_user_id', user_id: 'US.70000000000000000002' }, change));
    const after = await app.strapi.db.query(UID.customer).findOne({ where: { id: a.id } });
    expect(after).toMatchObject({ userId: 'US.70000000000000000001', identityKey: '-|US.70000000000000000001' });
    const system = await messageByWamid(app, change);
    expect(system.customer.id).toBe(a.id);
    expect(system.payload.identityChange).toMatchObject({ applied: false, reason: expect.stringMatching(/another customer/) });

    const bad = wamid('sys');
    await deliver(app, systemPayload({ userId: 'US.70000000000000000001' }, { body: 'changed', type: 'user_changed_user_id', user_id: 'not a bsuid' }, bad));
    expect((await app.strapi.db.query(UID.customer).findOne({ where: { id: a.id } })).userId).toBe('US.70000000000000000001');
    expect((await messageByWamid(app, bad)).payload.identityChange).toMatchObject({ applied: false, reason: expect.stringMatching(/system\.user_id/) });
  });

  it('learns the phone when Meta later shares it: still one customer, then replies go to the phone', async () => {
    const userId = 'US.90000000000000000001';
    await deliver(app, usernamePayload({ userId, username: 'olatz' }));
    await deliver(app, usernamePayload({ userId, username: 'olatz', from: '34600444001' }));
    const customers = await app.strapi.db.query(UID.customer).findMany({ where: { $or: [{ userId }, { phone: '+34600444001' }] } });
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({ userId, phone: '+34600444001', waId: '34600444001', username: 'olatz' });
    const res = await post({ customer: customers[0].documentId, type: 'text', text: 'ya tenemos tu número' });
    expect(res.status).toBe(202);
    expect(res.body.data.payload.to).toBe('+34600444001');
    expect(res.body.data.payload.recipient).toBeUndefined();
    expect(await service(app, 'outbox').drain()).toBe(1);
  });

  it('answers 400 naming to for something that is neither a phone nor a BSUID', async () => {
    const res = await post({ to: 'US-not-a-bsuid', type: 'text', text: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.errors[0].path).toEqual(['to']);
  });
});

describe('offline mode: a simulated username sender (POST /whatsapp/sandbox/inbound)', () => {
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

  const simulate = (body: unknown) => app.http.post('/whatsapp/sandbox/inbound').set('Authorization', `Bearer ${admin.token}`).send(body as object);

  it('writes with a BSUID and a username and no phone: a customer with the username, no phone', async () => {
    const userId = 'ES.80000000000000000001';
    const res = await simulate({ userId, username: '@ane.k', name: 'Ane', text: 'Kaixo' });
    expect(res.status).toBe(200);
    expect(res.body.data.webhookStatus).toBe(200);
    await settle(app);
    const message = await messageByWamid(app, res.body.data.wamid);
    expect(message).toMatchObject({ body: 'Kaixo', customerPhone: null, customerWaId: null, customerUserId: userId });
    expect(message.customer).toMatchObject({ userId, username: 'ane.k', phone: null, name: 'Ane' });
  });

  it.each([
    [{ text: 'x' }, 'from'],
    [{ userId: '34600111222', text: 'x' }, 'userId'],
    [{ userId: 'ES.80000000000000000002', username: 'not a username!', text: 'x' }, 'username'],
  ])('answers 400 naming the field for bad input (%#)', async (body, field) => {
    const res = await simulate(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(new RegExp(`${field}:`));
  });
});
