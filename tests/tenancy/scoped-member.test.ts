/**
 * Tenants see only their own (#14): two bakeries, a member of one with the "Bakery staff" kind of
 * role (the plugin's actions under "Belongs to one of my tenants", and the Content Manager's read
 * of customers under the same condition), a scoped user who is a member of no tenant, and the
 * platform admin. Every surface is asked through its HTTP route: the inbox, a timeline, statistics,
 * sending, the team's conversation routes, export, the webhook log, the new-conversation senders,
 * the live stream and the Content Manager.
 */
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { customer, HOUR, message, phoneNumber, tenant } from '../inbox/fixtures';
import { openSse, type SseConnection } from '../inbox/sse-client';
import { ACTIONS } from '../../plugins/whatsapp/shared/permissions';
import { TENANT_CONDITION } from '../../plugins/whatsapp/shared/tenancy';
import { UID } from '../../plugins/whatsapp/shared/uids';

const SCOPED_ACTIONS = [
  ACTIONS.messagesRead,
  ACTIONS.messagesSend,
  ACTIONS.conversationsManage,
  ACTIONS.conversationNotesWrite,
  ACTIONS.customersExport,
  ACTIONS.webhooksRead,
  ACTIONS.numbersRead,
  ACTIONS.templatesRead,
  ACTIONS.automationsManage,
];

describe('a tenant member sees and changes only their tenant', () => {
  let app: TestApp;
  let admin: { token: string };
  let member: { id: number; token: string };
  let stranger: { id: number; token: string };
  let bakery: any;
  let hardware: any;
  let ana: any;
  let bob: any;
  let kAna: string;
  let kBob: string;
  const n2Id = '100000000000002';

  const as = (token: string) => ({
    get: (path: string) => app.http.get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: unknown = {}) => app.http.post(path).set('Authorization', `Bearer ${token}`).send(body as object),
  });

  /** A "Bakery staff" role: the plugin's actions and the customers' Content Manager read, all under the tenant condition. */
  async function scopedUser(email: string) {
    const role = await app.strapi.service('admin::role').create({ name: `Bakery staff ${email}`, description: 'scoped to their tenants' });
    const customerFields = Object.keys(app.strapi.getModel(UID.customer).attributes);
    await app.strapi.service('admin::role').assignPermissions(role.id, [
      ...SCOPED_ACTIONS.map((action) => ({ action, subject: null, properties: {}, conditions: [TENANT_CONDITION.id] })),
      { action: 'plugin::content-manager.explorer.read', subject: UID.customer, properties: { fields: customerFields }, conditions: [TENANT_CONDITION.id] },
    ]);
    const password = 'Admin12345!';
    const user = await app.strapi.service('admin::user').create({ email, firstname: 'Staff', lastname: email.split('@')[0], password, registrationToken: null, isActive: true, roles: [role.id] });
    const login = await app.http.post('/admin/login').send({ email, password });
    return { id: user.id as number, token: login.body.data.token as string };
  }

  beforeAll(async () => {
    app = await startTestApp();
    admin = await createAdmin(app);
    const n1 = await phoneNumber(app, TEST_CREDENTIALS.phoneNumberId, TEST_CREDENTIALS.displayPhoneNumber);
    const n2 = await phoneNumber(app, n2Id, '+34 600 000 002');
    bakery = await tenant(app, 'Bakery', n1);
    hardware = await tenant(app, 'Hardware store', n2);
    ana = await customer(app, { name: 'Ana García', phone: '+34600111222', tenant: bakery });
    bob = await customer(app, { name: 'Bob Builder', phone: '+34600333444', tenant: hardware });
    const ago = (hours: number) => new Date(Date.now() - hours * HOUR);
    const a1 = await message(app, { number: n1, customer: ana, tenant: bakery, direction: 'inbound', at: ago(3), body: 'Rye bread?' });
    await message(app, { number: n1, customer: ana, tenant: bakery, direction: 'outbound', at: ago(2), body: 'Yes', deliveryStatus: 'delivered' });
    const b1 = await message(app, { number: n2, customer: bob, tenant: hardware, direction: 'inbound', at: ago(2), body: 'Screws?' });
    await message(app, { number: n2, customer: bob, tenant: hardware, direction: 'outbound', at: ago(1), body: 'Aisle 4', deliveryStatus: 'read' });
    kAna = a1.conversationKey;
    kBob = b1.conversationKey;
    // (createMany would not set the relation.)
    for (const [sha, owner] of [['a', bakery], ['b', hardware]]) {
      await app.strapi.db.query(UID.webhookEvent).create({
        data: { rawBody: '{"entry":[]}', bodySha256: sha.repeat(64), signatureValid: true, processingStatus: 'processed', receivedAt: new Date(), tenant: owner.id },
      });
    }

    // The bakery's number is on the master account; the hardware store's on a dedicated one, with its own template.
    const master = await app.strapi.db.query(UID.businessAccount).findOne({ where: { isMaster: true } });
    const dedicated = await app.strapi.db.query(UID.businessAccount).create({ data: { name: 'Hardware WABA', wabaId: '987650000000001', kind: 'dedicated', isMaster: false } });
    await app.strapi.db.query(UID.phoneNumber).update({ where: { id: n1.id }, data: { account: master.id } });
    await app.strapi.db.query(UID.phoneNumber).update({ where: { id: n2.id }, data: { account: dedicated.id } });
    for (const [name, account] of [['bakery_hours', master], ['hardware_sale', dedicated]]) {
      await app.strapi.db.query(UID.template).create({
        data: { name, language: 'en', category: 'UTILITY', reviewStatus: 'APPROVED', body: 'Hello', account: account.id, templateKey: `${account.wabaId}:${name}:en` },
      });
    }
    for (const [name, owner] of [['Bakery rule', bakery], ['Hardware rule', hardware]]) {
      await app.strapi.db.query(UID.automation).create({
        data: { name, enabled: false, contentType: UID.customer, event: 'create', recipientPath: 'phone', templateName: 'bakery_hours', tenant: owner.id },
      });
    }

    member = await scopedUser('maite@bakery.example');
    stranger = await scopedUser('nobody@nowhere.example');
    await app.http.put(`/whatsapp/tenants/${bakery.documentId}/members`).set('Authorization', `Bearer ${admin.token}`).send({ userIds: [member.id] }).expect(200);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('lists only their conversations in the inbox, with unread counted over them only', async () => {
    const mine = await as(member.token).get('/whatsapp/conversations');
    expect(mine.status).toBe(200);
    expect(mine.body.data.map((c: any) => c.conversationKey)).toEqual([kAna]);
    expect(mine.body.meta.totalUnread).toBe(1);
    expect(mine.body.meta.pagination.total).toBe(1);

    const all = await as(admin.token).get('/whatsapp/conversations');
    expect(all.body.data.map((c: any) => c.conversationKey).sort()).toEqual([kAna, kBob].sort());
    expect(all.body.meta.totalUnread).toBe(2);

    const none = await as(stranger.token).get('/whatsapp/conversations');
    expect([none.status, none.body.data, none.body.meta.totalUnread]).toEqual([200, [], 0]);
  });

  it("answers 404 for another tenant's timeline, conversation and customer, as for one that does not exist", async () => {
    expect((await as(member.token).get(`/whatsapp/customers/${ana.documentId}/timeline`)).status).toBe(200);
    const timeline = await as(member.token).get(`/whatsapp/customers/${bob.documentId}/timeline`);
    expect(timeline.status).toBe(404);
    expect(JSON.stringify(timeline.body)).not.toContain('Bob');
    expect((await as(admin.token).get(`/whatsapp/customers/${bob.documentId}/timeline`)).status).toBe(200);

    const key = encodeURIComponent(kBob);
    expect((await as(member.token).get(`/whatsapp/conversations/status?conversationKey=${key}`)).status).toBe(404);
    expect((await as(member.token).get(`/whatsapp/conversations/notes?conversationKey=${key}`)).status).toBe(404);
    const close = await as(member.token).post('/whatsapp/conversations/state', { conversationKeys: [kAna, kBob], state: 'closed' });
    expect([close.status, close.body.error.message]).toEqual([404, `conversationKeys.1: no conversation ${kBob}`]);
    // Nothing was half-done: Ana's conversation is still open.
    expect((await as(member.token).get(`/whatsapp/conversations/status?conversationKey=${encodeURIComponent(kAna)}`)).body.data.state).toBe('open');
    expect((await as(member.token).post('/whatsapp/conversations/notes', { conversationKey: kBob, body: 'peek' })).status).toBe(404);
    expect((await as(member.token).post('/whatsapp/conversations/read', { conversationKey: kBob })).status).toBe(404);

    expect((await as(member.token).get(`/whatsapp/customers/${bob.documentId}/export`)).status).toBe(404);
    expect((await as(member.token).get(`/whatsapp/customers/${ana.documentId}/export`)).status).toBe(200);
  });

  it('counts only their messages in the statistics', async () => {
    const query = `?from=${new Date(Date.now() - 7 * 24 * HOUR).toISOString()}&to=${new Date().toISOString()}&groupBy=tenant`;
    const mine = await as(member.token).get(`/whatsapp/stats${query}`);
    expect(mine.status).toBe(200);
    expect(mine.body.data.totals.total).toBe(1);
    expect(mine.body.data.groups.map((g: any) => g.label)).toEqual(['Bakery']);
    const all = await as(admin.token).get(`/whatsapp/stats${query}`);
    expect(all.body.data.totals.total).toBe(2);
  });

  it("sends to their customers from their number only; another tenant's customer or number is refused, nothing is queued", async () => {
    const before = await app.strapi.db.query(UID.message).count();
    const toBob = await as(member.token).post('/whatsapp/messages', { customer: bob.documentId, type: 'text', text: { body: 'hi' } });
    expect(toBob.status).toBe(404);
    const fromN2 = await as(member.token).post('/whatsapp/messages', { customer: ana.documentId, from: n2Id, type: 'text', text: { body: 'hi' } });
    expect(fromN2.status).toBe(422);
    expect(fromN2.body.error.message).toMatch(/^from: /);
    const toHardware = await as(member.token).post('/whatsapp/messages', { to: '+34600999888', tenant: hardware.documentId, type: 'text', text: { body: 'hi' } });
    expect(toHardware.status).toBe(404);
    expect(await app.strapi.db.query(UID.message).count()).toBe(before);
    expect(await app.strapi.db.query(UID.customer).count({ where: { phone: '+34600999888' } })).toBe(0);

    const list = await as(member.token).get('/whatsapp/messages');
    expect(list.body.data.every((m: any) => m.customer?.documentId !== bob.documentId)).toBe(true);
    const bobsMessage = await app.strapi.db.query(UID.message).findOne({ where: { customer: bob.id } });
    expect((await as(member.token).get(`/whatsapp/messages/${bobsMessage.documentId}`)).status).toBe(404);
  });

  it('offers only their numbers as senders of a new conversation', async () => {
    const senders = await as(member.token).get('/whatsapp/conversations/senders');
    expect(senders.body.data.map((s: any) => s.phoneNumberId)).toEqual([TEST_CREDENTIALS.phoneNumberId]);
    const other = await as(member.token).get(`/whatsapp/conversations/contacts?phoneNumberId=${n2Id}`);
    expect(other.status).toBe(404);
    const all = await as(admin.token).get('/whatsapp/conversations/senders');
    expect(all.body.data.map((s: any) => s.phoneNumberId).sort()).toEqual([TEST_CREDENTIALS.phoneNumberId, n2Id].sort());
  });

  it('shows only their webhook events', async () => {
    const mine = await as(member.token).get('/whatsapp/webhook-events');
    expect(mine.status).toBe(200);
    expect(mine.body.results.map((e: any) => e.tenant?.name)).toEqual(['Bakery']);
    const theirs = (await as(admin.token).get('/whatsapp/webhook-events')).body.results.find((e: any) => e.tenant?.name === 'Hardware store');
    expect((await as(member.token).get(`/whatsapp/webhook-events/${theirs.id}`)).status).toBe(404);
  });

  it('lists only their tenant and number, their accounts’ templates and their rules', async () => {
    const tenants = await as(member.token).get('/whatsapp/tenants');
    expect(tenants.body.data.map((t: any) => t.name)).toEqual(['Bakery']);
    const numbers = await as(member.token).get('/whatsapp/phone-numbers');
    expect(numbers.body.data.map((n: any) => n.phoneNumberId)).toEqual([TEST_CREDENTIALS.phoneNumberId]);
    const templates = await as(member.token).get('/whatsapp/templates');
    expect(templates.body.data.map((t: any) => t.name)).toEqual(['bakery_hours']);
    expect((await as(admin.token).get('/whatsapp/templates')).body.data.map((t: any) => t.name).sort()).toEqual(['bakery_hours', 'hardware_sale']);

    const rules = await as(member.token).get('/whatsapp/automations');
    expect(rules.body.data.map((r: any) => r.name)).toEqual(['Bakery rule']);
    const theirs = (await as(admin.token).get('/whatsapp/automations')).body.data.find((r: any) => r.name === 'Hardware rule');
    expect((await as(member.token).get(`/whatsapp/automations/${theirs.documentId ?? theirs.id}`)).status).toBe(404);
    const rule = { name: 'Mine', enabled: false, contentType: UID.customer, event: 'create', recipientPath: 'phone', templateName: 'bakery_hours', language: 'en' };
    const withPath = await as(member.token).post('/whatsapp/automations', { ...rule, tenantPath: 'tenant', tenant: bakery.documentId });
    expect([withPath.status, withPath.body.error.message]).toEqual([400, expect.stringMatching(/^tenantPath: /)]);
    const forOther = await as(member.token).post('/whatsapp/automations', { ...rule, tenant: hardware.documentId });
    expect([forOther.status, forOther.body.error.message]).toEqual([400, expect.stringMatching(/^tenant: /)]);
  });

  it('lists only their customers in the Content Manager', async () => {
    const mine = await as(member.token).get(`/content-manager/collection-types/${UID.customer}`);
    expect(mine.status).toBe(200);
    expect(mine.body.results.map((c: any) => c.name)).toEqual(['Ana García']);
    expect(mine.body.pagination.total).toBe(1);
    // Opened by its URL, another tenant's customer is not found (not "forbidden": that would tell it exists).
    const theirs = await as(member.token).get(`/content-manager/collection-types/${UID.customer}/${bob.documentId}`);
    expect([theirs.status, JSON.stringify(theirs.body)]).toEqual([404, expect.not.stringContaining('Bob')]);
    expect((await as(member.token).get(`/content-manager/collection-types/${UID.customer}/${ana.documentId}`)).status).toBe(200);
    const all = await as(admin.token).get(`/content-manager/collection-types/${UID.customer}`);
    expect(all.body.results.map((c: any) => c.name).sort()).toEqual(['Ana García', 'Bob Builder']);
  });

  describe('the live stream', () => {
    let sse: SseConnection | undefined;
    afterEach(() => sse?.close());

    it("never carries another tenant's messages or conversation changes", async () => {
      const token = await as(member.token).post('/whatsapp/stream/token');
      sse = await openSse(`${app.url}/whatsapp/stream?token=${encodeURIComponent(token.body.data.token)}`);
      await sse.waitFor((e) => e.event === 'ready');

      // The platform admin closes both conversations in one bulk action, then writes a note on Bob's.
      await as(admin.token).post('/whatsapp/conversations/state', { conversationKeys: [kBob, kAna], state: 'closed' }).expect(200);
      await as(admin.token).post('/whatsapp/conversations/notes', { conversationKey: kBob, body: 'secret of the hardware store' }).expect(201);
      await as(admin.token).post('/whatsapp/conversations/notes', { conversationKey: kAna, body: 'about Ana' }).expect(201);

      const note = await sse.waitFor((e) => e.event === 'conversation.note');
      expect(note.data.note.conversationKey).toBe(kAna);
      const states = sse.events.filter((e) => e.event === 'conversation.updated');
      expect(states.length).toBeGreaterThan(0);
      for (const event of states) expect(event.data.conversations.map((c: any) => c.conversationKey)).toEqual([kAna]);
      expect(JSON.stringify(sse.events)).not.toContain(kBob);
      expect(JSON.stringify(sse.events)).not.toContain('hardware');
    });
  });
});
