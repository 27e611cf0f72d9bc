/**
 * Blocking a customer on WhatsApp (#13 item 5) through the admin API, against the Cloud API
 * sandbox: the block reaches Meta's `POST /{phone-number-id}/block_users` with Meta's body and is
 * stored only once Meta blocked; a blocked customer's send is refused 422 before Meta with nothing
 * queued; unblock goes through `DELETE`; Meta's refusals and limits come back in plain words with
 * nothing stored; RBAC (customers-block) and tenancy (another tenant's customer answers 404).
 */
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { adminWithActions } from '../helpers/admin-users';
import { customer, HOUR, message, phoneNumber, tenant } from '../inbox/fixtures';
import { ACTIONS } from '../../plugins/whatsapp/shared/permissions';
import { TENANT_CONDITION } from '../../plugins/whatsapp/shared/tenancy';
import { UID } from '../../plugins/whatsapp/shared/uids';

describe('blocking a customer on WhatsApp', () => {
  let app: TestApp;
  let admin: { token: string };
  let n1: any;
  let bakery: any;
  let hardware: any;
  const pnid = TEST_CREDENTIALS.phoneNumberId;

  const as = (token: string) => ({
    get: (path: string) => app.http.get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: unknown = {}) => app.http.post(path).set('Authorization', `Bearer ${token}`).send(body as object),
    del: (path: string, body: unknown = {}) => app.http.delete(path).set('Authorization', `Bearer ${token}`).send(body as object),
  });

  let seq = 0;
  /** A bakery customer who wrote `hoursAgo` ago (the sandbox's window opened then, unless `metaSaw` is false). */
  async function customerWho(hoursAgo: number, { metaSaw = true, owner = bakery } = {}) {
    seq += 1;
    const phone = `+3460077${String(seq).padStart(4, '0')}`;
    const row = await customer(app, { name: `Cliente ${seq}`, phone, tenant: owner });
    const at = new Date(Date.now() - hoursAgo * HOUR);
    await message(app, { number: n1, customer: row, tenant: owner, direction: 'inbound', at, body: 'Hola' });
    if (metaSaw) app.sandbox!.openWindow(pnid, row.waId, at.getTime());
    return row;
  }

  const auditOf = (documentId: string) =>
    app.strapi.db.query(UID.auditEntry).findMany({ where: { subjectDocumentId: documentId }, orderBy: [{ id: 'asc' }] });

  beforeAll(async () => {
    app = await startTestApp();
    admin = await createAdmin(app);
    n1 = await phoneNumber(app, pnid, TEST_CREDENTIALS.displayPhoneNumber);
    const n2 = await phoneNumber(app, '100000000000002', '+34 600 000 002');
    bakery = await tenant(app, 'Bakery', n1);
    hardware = await tenant(app, 'Hardware store', n2);
  });

  afterAll(async () => {
    await app?.stop();
  });

  beforeEach(() => {
    app.sandbox!.reset();
  });

  it("blocks at Meta's block_users with Meta's body, stores who and when, and audits it", async () => {
    const ana = await customerWho(2);
    const res = await as(admin.token).post(`/whatsapp/customers/${ana.documentId}/block`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ documentId: ana.documentId, blocked: true, blockedBy: { name: 'Test Admin' }, phoneNumberIds: [pnid] });
    expect(res.body.data.blockedAt).toEqual(expect.any(String));

    expect(app.sandbox!.blockCalls).toEqual([{ method: 'POST', phoneNumberId: pnid, users: [ana.waId], at: expect.any(Number) }]);
    expect(app.sandbox!.blockedUsers(pnid)).toEqual([ana.waId]);

    const row = await app.strapi.db.query(UID.customer).findOne({ where: { id: ana.id } });
    expect(row.blockedAt).toBeTruthy();
    expect(row.blockedByName).toBe('Test Admin');
    expect((await auditOf(ana.documentId)).map((entry: any) => entry.action)).toEqual(['customer.blocked']);

    // The state is read back, and the timeline and the inbox show it.
    const state = await as(admin.token).get(`/whatsapp/customers/${ana.documentId}/block`);
    expect(state.body.data).toMatchObject({ blocked: true, phoneNumberIds: [pnid] });
    const timeline = await as(admin.token).get(`/whatsapp/customers/${ana.documentId}/timeline`);
    expect(timeline.body.data.customer.blockedAt).toBe(res.body.data.blockedAt);
    const inbox = await as(admin.token).get('/whatsapp/conversations');
    const conversation = inbox.body.data.find((c: any) => c.customer?.documentId === ana.documentId);
    expect(conversation.customer.blockedAt).toBe(res.body.data.blockedAt);
    const panel = await as(admin.token).get(`/whatsapp/customers/${ana.documentId}/records`);
    expect(panel.body.data.customer.blocked).toEqual({ at: res.body.data.blockedAt, byName: 'Test Admin' });

    // Blocking twice is a conflict; Meta is not asked again.
    const again = await as(admin.token).post(`/whatsapp/customers/${ana.documentId}/block`);
    expect(again.status).toBe(409);
    expect(app.sandbox!.blockCalls).toHaveLength(1);
  });

  it('refuses sends to a blocked customer with 422 before Meta, nothing queued; after unblocking they go out', async () => {
    const bea = await customerWho(1);
    expect((await as(admin.token).post(`/whatsapp/customers/${bea.documentId}/block`)).status).toBe(200);

    const before = await app.strapi.db.query(UID.message).count();
    const send = await as(admin.token).post('/whatsapp/messages', { customer: bea.documentId, type: 'text', text: 'Hola de nuevo' });
    expect(send.status).toBe(422);
    expect(send.body.error.details).toMatchObject({ reason: 'blocked', path: ['customer'] });
    expect(send.body.error.message).toMatch(/blocked on WhatsApp/);
    const template = await as(admin.token).post('/whatsapp/messages', { customer: bea.documentId, type: 'template', template: { name: 'hello_world', language: 'en_US' } });
    expect(template.status).toBe(422);
    expect(await app.strapi.db.query(UID.message).count()).toBe(before);
    expect(app.sandbox!.sent).toHaveLength(0);

    const unblock = await as(admin.token).del(`/whatsapp/customers/${bea.documentId}/block`);
    expect(unblock.status).toBe(200);
    expect(unblock.body.data).toMatchObject({ blocked: false, blockedAt: null, phoneNumberIds: [] });
    expect(app.sandbox!.blockCalls.map((call) => [call.method, call.users])).toEqual([
      ['POST', [bea.waId]],
      ['DELETE', [bea.waId]],
    ]);
    expect(app.sandbox!.blockedUsers(pnid)).toEqual([]);
    expect((await auditOf(bea.documentId)).map((entry: any) => entry.action)).toEqual(['customer.blocked', 'customer.unblocked']);

    const after = await as(admin.token).post('/whatsapp/messages', { customer: bea.documentId, type: 'text', text: 'Hola de nuevo' });
    expect(after.status).toBe(202);
    // Unblocking one who is not blocked is a conflict.
    expect((await as(admin.token).del(`/whatsapp/customers/${bea.documentId}/block`)).status).toBe(409);
  });

  it("passes Meta's 24-hour refusal on in plain words and stores nothing", async () => {
    // The comms log has a recent message, but Meta saw none in 24 hours (the sandbox's window is closed).
    const carla = await customerWho(3, { metaSaw: false });
    const res = await as(admin.token).post(`/whatsapp/customers/${carla.documentId}/block`);
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/WhatsApp refused to block the customer on number .*last 24 hours/);
    expect(res.body.error.details).toMatchObject({ phoneNumberId: pnid, code: 139100, reason: 'meta_refused' });
    const row = await app.strapi.db.query(UID.customer).findOne({ where: { id: carla.id } });
    expect([row.blockedAt, row.blockedNumbers]).toEqual([null, null]);
    expect(await auditOf(carla.documentId)).toEqual([]);
  });

  it('refuses before Meta when the customer has not written in 24 hours', async () => {
    const dani = await customerWho(30);
    const res = await as(admin.token).post(`/whatsapp/customers/${dani.documentId}/block`);
    expect(res.status).toBe(422);
    expect(res.body.error.message).toMatch(/not written to any of your numbers in the last 24 hours/);
    expect(app.sandbox!.blockCalls).toEqual([]);
  });

  it("explains Meta's block list limit and a Meta outage; nothing is stored", async () => {
    const eva = await customerWho(1);
    app.sandbox!.injectFault({ kind: 'error', status: 400, code: 139101, title: 'Blocklist limit reached', path: `/${pnid}/block_users`, method: 'POST', count: 1 });
    const full = await as(admin.token).post(`/whatsapp/customers/${eva.documentId}/block`);
    expect(full.status).toBe(502);
    expect(full.body.error.message).toMatch(/block list is full \(WhatsApp allows 64,000 blocked users\)/);
    expect(full.body.error.details).toMatchObject({ code: 139101 });

    app.sandbox!.injectFault({ kind: 'reset', path: `/${pnid}/block_users`, method: 'POST', count: 1 });
    const down = await as(admin.token).post(`/whatsapp/customers/${eva.documentId}/block`);
    expect(down.status).toBe(502);
    expect(down.body.error.message).toMatch(/did not answer/);
    const row = await app.strapi.db.query(UID.customer).findOne({ where: { id: eva.id } });
    expect(row.blockedAt).toBeNull();
  });

  it('validates its input: a body with fields is 400, an unknown customer 404', async () => {
    const fede = await customerWho(1);
    const bad = await as(admin.token).post(`/whatsapp/customers/${fede.documentId}/block`, { reason: 'spam' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/reason/);
    expect((await as(admin.token).post('/whatsapp/customers/nosuchcustomer0000000000/block')).status).toBe(404);
    expect((await as(admin.token).del('/whatsapp/customers/nosuchcustomer0000000000/block')).status).toBe(404);
    expect(app.sandbox!.blockCalls).toEqual([]);
  });

  it('needs the customers-block action; reading the state needs the inbox read only', async () => {
    const gorka = await customerWho(1);
    const agent = await adminWithActions(app, [ACTIONS.messagesRead, ACTIONS.messagesSend]);
    expect((await as(agent.token).get(`/whatsapp/customers/${gorka.documentId}/block`)).status).toBe(200);
    expect((await as(agent.token).post(`/whatsapp/customers/${gorka.documentId}/block`)).status).toBe(403);
    expect((await as(agent.token).del(`/whatsapp/customers/${gorka.documentId}/block`)).status).toBe(403);
    expect((await app.http.post(`/whatsapp/customers/${gorka.documentId}/block`)).status).toBe(401);

    const supervisor = await adminWithActions(app, [ACTIONS.messagesRead, ACTIONS.customersBlock]);
    expect((await as(supervisor.token).post(`/whatsapp/customers/${gorka.documentId}/block`)).status).toBe(200);
    expect((await as(supervisor.token).del(`/whatsapp/customers/${gorka.documentId}/block`)).status).toBe(200);
  });

  it("answers 404 for another tenant's customer, and Meta is not asked", async () => {
    const role = await app.strapi.service('admin::role').create({ name: 'Bakery supervisors', description: 'scoped' });
    await app.strapi.service('admin::role').assignPermissions(
      role.id,
      [ACTIONS.messagesRead, ACTIONS.customersBlock].map((action) => ({ action, subject: null, properties: {}, conditions: [TENANT_CONDITION.id] }))
    );
    const email = 'sup@bakery.example';
    const password = 'Admin12345!';
    const user = await app.strapi.service('admin::user').create({ email, firstname: 'Sup', lastname: 'Bakery', password, registrationToken: null, isActive: true, roles: [role.id] });
    const token = (await app.http.post('/admin/login').send({ email, password })).body.data.token as string;
    await app.http.put(`/whatsapp/tenants/${bakery.documentId}/members`).set('Authorization', `Bearer ${admin.token}`).send({ userIds: [user.id] }).expect(200);

    const hugo = await customerWho(1, { owner: hardware });
    const res = await as(token).post(`/whatsapp/customers/${hugo.documentId}/block`);
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toContain(hugo.name);
    expect((await as(token).get(`/whatsapp/customers/${hugo.documentId}/block`)).status).toBe(404);
    expect(app.sandbox!.blockCalls).toEqual([]);

    const own = await customerWho(1);
    expect((await as(token).post(`/whatsapp/customers/${own.documentId}/block`)).status).toBe(200);
  });
});
