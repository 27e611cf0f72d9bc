/**
 * "New conversation" (#16), through the admin HTTP routes: the numbers that may start one, the
 * customers a number writes to (recent first, or found by name or phone; never another tenant's),
 * and the start by typed phone (read in the number's country, refused naming the field when it is
 * not a phone, an existing customer reused, never duplicated) or by customer; an unknown
 * customer is 404, a number the customer's tenant does not send from is 409, and a user without
 * "Send messages" gets 403. Nothing is sent.
 */
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { customer, HOUR, message, phoneNumber, tenant } from '../inbox/fixtures';
import { UID } from '../../plugins/whatsapp/shared/uids';
import { ACTIONS } from '../../plugins/whatsapp/shared/permissions';

async function agent(app: TestApp, actions: string[]) {
  const role = await app.strapi.service('admin::role').create({ name: `Role ${Date.now()}-${Math.random()}`, description: 'test' });
  if (actions.length) {
    await app.strapi.service('admin::role').assignPermissions(role.id, actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] })));
  }
  const email = `agent-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  const password = 'Admin12345!';
  await app.strapi.service('admin::user').create({ email, firstname: 'Agent', lastname: 'Test', password, registrationToken: null, isActive: true, roles: [role.id] });
  const res = await app.http.post('/admin/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login failed ${res.status}`);
  return res.body.data.token as string;
}

describe('new conversation', () => {
  let app: TestApp;
  let admin: { token: string };
  let sender: string;
  let reader: string;
  let tenantA: any;
  let tenantB: any;
  let n1: any;
  let n2: any;
  let ana: any;
  let bob: any;
  let sentBefore = 0;

  const as = (token: string) => ({
    get: (path: string, query: Record<string, any> = {}) => app.http.get(path).query(query).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: unknown) => app.http.post(path).set('Authorization', `Bearer ${token}`).send(body as object),
  });
  const start = (body: unknown, token = admin.token) => as(token).post('/whatsapp/conversations', body);
  const fieldsOf = (res: any) => (res.body.error?.details?.errors ?? []).map((e: any) => e.path.join('.'));

  beforeAll(async () => {
    app = await startTestApp();
    admin = await createAdmin(app);
    sender = await agent(app, [ACTIONS.messagesRead, ACTIONS.messagesSend]);
    reader = await agent(app, [ACTIONS.messagesRead]);
    n1 = await phoneNumber(app, TEST_CREDENTIALS.phoneNumberId, TEST_CREDENTIALS.displayPhoneNumber);
    n2 = await phoneNumber(app, '100000000000002', '+34 600 000 002');
    tenantA = await tenant(app, 'Bakery', n1);
    tenantB = await tenant(app, 'Hardware store', n2);
    ana = await customer(app, { name: 'Ana García', phone: '+34600111222', tenant: tenantA });
    bob = await customer(app, { name: 'Bob Builder', phone: '+34600333444', tenant: tenantB });
    await message(app, { number: n1, customer: ana, tenant: tenantA, direction: 'inbound', at: new Date(Date.now() - HOUR), body: 'Rye bread?' });
    sentBefore = app.sandbox?.sent.length ?? 0;
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('lists the numbers that may start a conversation, with their tenant and country', async () => {
    const res = await as(sender).get('/whatsapp/conversations/senders');
    expect(res.status).toBe(200);
    const byId = Object.fromEntries(res.body.data.map((n: any) => [n.phoneNumberId, n]));
    expect(byId[n1.phoneNumberId]).toMatchObject({ displayPhoneNumber: '+34 600 000 001', country: 'ES', tenant: { documentId: tenantA.documentId, name: 'Bakery' } });
    expect(byId[n2.phoneNumberId]).toMatchObject({ country: 'ES', tenant: { name: 'Hardware store' } });
  });

  it("offers the number's own tenant's customers only, recent ones or found by name or phone", async () => {
    const recent = await as(sender).get('/whatsapp/conversations/contacts', { phoneNumberId: n1.phoneNumberId });
    expect(recent.status).toBe(200);
    expect(recent.body.data.map((c: any) => c.name)).toEqual(['Ana García']);
    const byName = await as(sender).get('/whatsapp/conversations/contacts', { phoneNumberId: n1.phoneNumberId, search: 'garc' });
    expect(byName.body.data.map((c: any) => c.documentId)).toEqual([ana.documentId]);
    const byPhone = await as(sender).get('/whatsapp/conversations/contacts', { phoneNumberId: n1.phoneNumberId, search: '600 111' });
    expect(byPhone.body.data.map((c: any) => c.documentId)).toEqual([ana.documentId]);
    // Bob is the hardware store's: not found from the bakery's number, whatever the search.
    const other = await as(sender).get('/whatsapp/conversations/contacts', { phoneNumberId: n1.phoneNumberId, search: 'Bob' });
    expect(other.body.data).toEqual([]);
    const bad = await as(sender).get('/whatsapp/conversations/contacts', { phoneNumberId: 'abc' });
    expect(bad.status).toBe(400);
    expect(fieldsOf(bad)).toEqual(['phoneNumberId']);
  });

  it('starts with a typed national phone, read in the number country: a new customer of its tenant, window closed, nothing sent', async () => {
    const res = await start({ phoneNumberId: n1.phoneNumberId, phone: '611 22 33 44' }, sender);
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      conversationKey: `${n1.phoneNumberId}:34611223344`,
      created: true,
      customer: { phone: '+34611223344', waId: '34611223344' },
      phoneNumber: { phoneNumberId: n1.phoneNumberId, displayPhoneNumber: '+34 600 000 001' },
      tenant: { documentId: tenantA.documentId },
      windowOpen: false,
    });
    const row = await app.strapi.db.query(UID.customer).findOne({ where: { documentId: res.body.data.customer.documentId }, populate: { tenant: true } });
    expect(row.tenant.id).toBe(tenantA.id);
    // Again, in another form of the same number: the same customer, not a second one.
    const again = await start({ phoneNumberId: n1.phoneNumberId, phone: '+34 611-223-344' }, sender);
    expect(again.status).toBe(200);
    expect(again.body.data).toMatchObject({ created: false, customer: { documentId: res.body.data.customer.documentId } });
    expect(await app.strapi.db.query(UID.customer).count({ where: { phone: '+34611223344' } })).toBe(1);
    // Its timeline opens empty, with no window: the composer offers templates only.
    const timeline = await as(sender).get(`/whatsapp/customers/${res.body.data.customer.documentId}/timeline`, { phoneNumberId: n1.phoneNumberId });
    expect(timeline.status).toBe(200);
    expect(timeline.body.data.messages).toEqual([]);
    expect(timeline.body.data.windows).toEqual([]);
    expect(app.sandbox?.sent.length ?? 0).toBe(sentBefore);
  });

  it("reuses an existing customer typed by phone, and shows that customer's window", async () => {
    const count = await app.strapi.db.query(UID.customer).count({});
    const res = await start({ phoneNumberId: n1.phoneNumberId, phone: '0034 600 111 222' }, sender);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ created: false, customer: { documentId: ana.documentId }, conversationKey: `${n1.phoneNumberId}:34600111222`, windowOpen: true });
    expect(await app.strapi.db.query(UID.customer).count({})).toBe(count);
  });

  it("keeps a phone typed from another tenant's number apart: that tenant's own customer", async () => {
    // Ana's phone typed from the hardware store's number: a customer of the hardware store, not Ana.
    const res = await start({ phoneNumberId: n2.phoneNumberId, phone: '+34600111222' }, sender);
    expect(res.status).toBe(201);
    expect(res.body.data.customer.documentId).not.toBe(ana.documentId);
    expect(res.body.data.customer.name).not.toBe('Ana García');
    expect(res.body.data.tenant).toMatchObject({ documentId: tenantB.documentId });
  });

  it('refuses a phone that is not one, naming the field', async () => {
    for (const phone of ['12', 'call me', '+34 600', '']) {
      const res = await start({ phoneNumberId: n1.phoneNumberId, phone }, sender);
      expect([phone, res.status]).toEqual([phone, 400]);
      expect(fieldsOf(res)).toEqual(['phone']);
    }
    const none = await start({ phoneNumberId: n1.phoneNumberId }, sender);
    expect(none.status).toBe(400);
    expect(fieldsOf(none)).toEqual(['phone']);
    const both = await start({ phoneNumberId: n1.phoneNumberId, phone: '+34611223344', customerDocumentId: ana.documentId }, sender);
    expect(both.status).toBe(400);
    expect(fieldsOf(both)).toEqual(['customerDocumentId']);
    const noNumber = await start({ phone: '+34611223344' }, sender);
    expect(noNumber.status).toBe(400);
    expect(fieldsOf(noNumber)).toEqual(['phoneNumberId']);
    const extra = await start({ phoneNumberId: n1.phoneNumberId, phone: '+34611223344', text: 'hi' }, sender);
    expect(extra.status).toBe(400);
  });

  it('starts with a chosen customer, and answers 404 for an unknown one', async () => {
    const res = await start({ phoneNumberId: n1.phoneNumberId, customerDocumentId: ana.documentId }, sender);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ conversationKey: `${n1.phoneNumberId}:${ana.waId}`, created: false, customer: { documentId: ana.documentId, name: 'Ana García' } });
    const missing = await start({ phoneNumberId: n1.phoneNumberId, customerDocumentId: 'nope1234567890' }, sender);
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/^customerDocumentId: /);
  });

  it('refuses a sender number the customer cannot be written from, or that does not exist', async () => {
    // Bob is the hardware store's customer; the bakery's number does not write to him.
    const other = await start({ phoneNumberId: n1.phoneNumberId, customerDocumentId: bob.documentId }, sender);
    expect(other.status).toBe(409);
    expect(other.body.error.message).toMatch(/^phoneNumberId: /);
    const unknown = await start({ phoneNumberId: '999999999999999', phone: '+34611223344' }, sender);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/^phoneNumberId: /);
    // A tenant with WhatsApp off does not start conversations from its number.
    await app.strapi.db.query(UID.tenant).update({ where: { id: tenantB.id }, data: { whatsappEnabled: false } });
    try {
      const off = await start({ phoneNumberId: n2.phoneNumberId, phone: '+34622334455' }, sender);
      expect(off.status).toBe(409);
      const list = await as(sender).get('/whatsapp/conversations/senders');
      expect(list.body.data.map((n: any) => n.phoneNumberId)).not.toContain(n2.phoneNumberId);
      expect(await app.strapi.db.query(UID.customer).count({ where: { phone: '+34622334455' } })).toBe(0);
    } finally {
      await app.strapi.db.query(UID.tenant).update({ where: { id: tenantB.id }, data: { whatsappEnabled: true } });
    }
  });

  it('needs "Send messages": 403 for a reader, 401 without a token', async () => {
    const count = await app.strapi.db.query(UID.customer).count({});
    expect((await start({ phoneNumberId: n1.phoneNumberId, phone: '+34633445566' }, reader)).status).toBe(403);
    expect((await as(reader).get('/whatsapp/conversations/senders')).status).toBe(403);
    expect((await as(reader).get('/whatsapp/conversations/contacts', { phoneNumberId: n1.phoneNumberId })).status).toBe(403);
    expect((await app.http.post('/whatsapp/conversations').send({ phoneNumberId: n1.phoneNumberId, phone: '+34633445566' })).status).toBe(401);
    expect(await app.strapi.db.query(UID.customer).count({})).toBe(count);
  });
});
