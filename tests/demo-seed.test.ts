/**
 * The demo data of `npm run develop` (src/demo): seeded on an empty database in offline mode,
 * with an admin who can log in, and never twice.
 */
import { createDemoSandboxOptions } from '../plugins/whatsapp/sandbox';
import { DEMO_STAFF } from '../src/demo/staff';
import { demoSeedEnabled, seedDemoData } from '../src/demo';
import { seedDemoConversations } from '../src/demo/conversations';
import { DEMO_CUSTOMERS } from '../src/demo/customers';
import { DEMO_TENANTS } from '../src/demo/tenants';
import { startTestApp, type TestApp } from './helpers/strapi';
import { PLUGIN_ID, UID } from '../plugins/whatsapp/shared/uids';

const DEMO_ENV = { DEMO_ADMIN_EMAIL: 'demo-owner@example.com', DEMO_ADMIN_PASSWORD: 'DemoOwner12345!' };

describe('demoSeedEnabled', () => {
  it('seeds in development unless WHATSAPP_DEMO_SEED=false; forced anywhere by =true', () => {
    expect(demoSeedEnabled({ NODE_ENV: 'development' })).toBe(true);
    expect(demoSeedEnabled({})).toBe(true);
    expect(demoSeedEnabled({ NODE_ENV: 'development', WHATSAPP_DEMO_SEED: 'false' })).toBe(false);
    expect(demoSeedEnabled({ NODE_ENV: 'production' })).toBe(false);
    expect(demoSeedEnabled({ NODE_ENV: 'test' })).toBe(false);
    expect(demoSeedEnabled({ NODE_ENV: 'production', WHATSAPP_DEMO_SEED: 'true' })).toBe(true);
  });
});

describe('seedDemoData (offline mode)', () => {
  let app: TestApp;
  const count = (uid: string, where: Record<string, unknown> = {}) => app.strapi.db.query(uid as any).count({ where });
  const counts = async () => ({
    admins: await count('admin::user'),
    numbers: await count(UID.phoneNumber),
    templates: await count(UID.template),
    tenants: await count(UID.tenant),
    customers: await count(UID.customer),
    suppliers: await count('api::supplier.supplier'),
    purchaseOrders: await count('api::purchase-order.purchase-order'),
  });

  beforeAll(async () => {
    app = await startTestApp({ sandbox: false });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('fills an empty database: admin, sandbox numbers and approved templates, bakeries, customers, suppliers', async () => {
    expect(app.strapi.plugin(PLUGIN_ID).service('runtime').get().mode).toBe('offline');
    const demo = createDemoSandboxOptions();

    const result = await seedDemoData(app.strapi, DEMO_ENV);

    expect(result).toMatchObject({ seeded: true, adminCreated: true });
    expect(await counts()).toEqual({
      // The demo admin and the two bakery owners (src/demo/staff.ts).
      admins: 1 + DEMO_STAFF.length,
      numbers: demo.phoneNumbers.length,
      templates: demo.templates.length,
      tenants: DEMO_TENANTS.length,
      customers: DEMO_CUSTOMERS.length,
      suppliers: 3,
      purchaseOrders: 4,
    });

    const master = await app.strapi.db.query(UID.businessAccount).findOne({ where: { isMaster: true } });
    const numbers = await app.strapi.db.query(UID.phoneNumber).findMany({ populate: { account: true } });
    expect(numbers.map((n: any) => n.phoneNumberId).sort()).toEqual(demo.phoneNumbers.map((n) => n.id).sort());
    for (const n of numbers) expect(n.account?.id).toBe(master.id);
    expect(numbers.find((n: any) => n.phoneNumberId === '100000000000002')).toMatchObject({
      displayPhoneNumber: '+34 600 000 002',
      verifiedName: 'Horno San Miguel',
      qualityRating: 'GREEN',
    });

    // Through the plugin's template sync, keyed as at Meta: one record per name and language,
    // although the plugin's own startup sync (offline mode) ran too.
    const templates = await app.strapi.db.query(UID.template).findMany({});
    expect(new Set(templates.map((t: any) => `${t.name}:${t.language}`)).size).toBe(demo.templates.length);
    const po = templates.find((t: any) => t.name === 'po_notification' && t.language === 'es');
    expect(po).toMatchObject({ reviewStatus: 'APPROVED', category: 'UTILITY', templateKey: `${demo.wabaId}:po_notification:es` });
    expect(po.metaTemplateId).toEqual(expect.any(String));
    expect(po.components).toEqual(demo.templates.find((t) => t.name === 'po_notification' && t.language === 'es')!.components);

    const tenants = await app.strapi.db.query(UID.tenant).findMany({ populate: { phoneNumber: true } });
    const bySlug = Object.fromEntries(tenants.map((t: any) => [t.slug, t]));
    expect(bySlug['panaderia-la-espiga']).toMatchObject({ whatsappEnabled: true, phoneNumber: { phoneNumberId: '100000000000001' } });
    expect(bySlug['obrador-dulce-miga']).toMatchObject({ whatsappEnabled: false });
    expect(bySlug['pasteleria-el-trigal'].phoneNumber).toBeNull();

    const customers = await app.strapi.db.query(UID.customer).findMany({ populate: { tenant: true } });
    for (const c of customers) {
      expect(c.phone).toMatch(/^\+34\d{9}$/);
      expect(c.waId).toBe(c.phone.slice(1));
      expect(c.tenant).not.toBeNull();
    }
  });

  it('gives each of two bakeries its owner, a member with the "Bakery staff" role scoped to their tenants', async () => {
    for (const person of DEMO_STAFF) {
      const login = await app.http.post('/admin/login').send({ email: person.email, password: DEMO_ENV.DEMO_ADMIN_PASSWORD });
      expect(login.status).toBe(200);
      const auth = { Authorization: `Bearer ${login.body.data.token}` };
      const mine = await app.http.get('/whatsapp/my-tenants').set(auth);
      const tenant = DEMO_TENANTS.find((t) => t.slug === person.tenantSlug)!;
      expect(mine.body.data.map((t: any) => t.name)).toEqual([tenant.name]);
      expect(mine.body.data[0]).toMatchObject({ canManage: true, status: 'configured' });
      // Their customers only, in the Content Manager as in the plugin.
      const customers = await app.http.get(`/content-manager/collection-types/${UID.customer}?pageSize=100`).set(auth);
      expect(customers.status).toBe(200);
      const rows = await app.strapi.db.query(UID.customer).findMany({ where: { documentId: { $in: customers.body.results.map((c: any) => c.documentId) } }, populate: { tenant: true } });
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((c: any) => c.tenant?.name))).toEqual(new Set([tenant.name]));
    }
  });

  it('creates an admin who can log in', async () => {
    const res = await app.http.post('/admin/login').send({ email: DEMO_ENV.DEMO_ADMIN_EMAIL, password: DEMO_ENV.DEMO_ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    const admin = await app.strapi.db.query('admin::user').findOne({ where: { email: DEMO_ENV.DEMO_ADMIN_EMAIL }, populate: ['roles'] });
    expect(admin.roles.map((r: any) => r.code)).toEqual(['strapi-super-admin']);
  });

  it('adds real conversations through the sandbox: the inbox, the comms tab and the statistics are not empty', async () => {
    expect(await seedDemoConversations(app.strapi)).toEqual({ inbound: 5, sent: 3 });

    const login = await app.http.post('/admin/login').send({ email: DEMO_ENV.DEMO_ADMIN_EMAIL, password: DEMO_ENV.DEMO_ADMIN_PASSWORD });
    const auth = { Authorization: `Bearer ${login.body.data.token}` };

    const inbox = await app.http.get('/whatsapp/conversations').set(auth);
    expect(inbox.status).toBe(200);
    const byName = Object.fromEntries(inbox.body.data.map((c: any) => [c.customer?.name ?? c.contact.phone, c]));
    expect(byName['Lucía Fernández']).toMatchObject({ unread: 1, failed: 0, messageCount: 3 });
    expect(byName['Javier Martínez']).toMatchObject({ failed: 1, messageCount: 3 });
    expect(byName['Emma Wilson'].lastMessage).toMatchObject({ direction: 'inbound', type: 'interactive' });
    expect(inbox.body.meta.totalUnread).toBeGreaterThanOrEqual(4);

    // Lucía's timeline: her question, the bakery's reply with every tick up to read, her answer.
    const timelineOf = async (name: string) =>
      (await app.http.get(`/whatsapp/customers/${byName[name].customer.documentId}/timeline`).set(auth)).body.data.messages as any[];
    const lucia = await timelineOf('Lucía Fernández');
    const luciaReply = lucia.find((m) => m.direction === 'outbound');
    expect(luciaReply).toMatchObject({ type: 'text', status: 'read', author: { name: 'Ana (Panadería La Espiga)' } });
    expect(luciaReply.statusTimes).toMatchObject({ sent: expect.any(String), delivered: expect.any(String), read: expect.any(String) });

    // Javier: a photo (downloaded from the sandbox and stored), a location, a failed reply with Meta's reason.
    const javier = await timelineOf('Javier Martínez');
    expect(javier.map((m) => m.type).sort()).toEqual(['image', 'location', 'text']);
    expect(javier.find((m) => m.type === 'image')).toMatchObject({ caption: expect.stringContaining('tarta') });
    expect(javier.find((m) => m.direction === 'outbound')).toMatchObject({ status: 'failed', retryable: true, error: { code: 131026 } });

    // The purchase-order rule: PO-2026-0041 approved, its supplier got po_notification with the three values.
    const notification = await app.strapi.db.query(UID.message).findOne({ where: { templateName: 'po_notification' }, populate: { automation: true } });
    expect(notification).toMatchObject({ direction: 'outbound', deliveryStatus: expect.stringMatching(/^(delivered|read)$/), customerPhone: '+34985234567' });
    expect(notification.automation?.name).toBe('Purchase order approved → supplier');
    expect(notification.body).toContain('PO-2026-0041');

    const stats = await app.http.get('/whatsapp/stats').set(auth);
    expect(stats.status).toBe(200);
    expect(stats.body.data.totals).toMatchObject({ total: 3, failed: 1 });
  });

  it('does nothing when tenants exist (a second run adds no duplicates)', async () => {
    const before = await counts();
    expect(await seedDemoData(app.strapi, DEMO_ENV)).toEqual({ seeded: false, adminCreated: false });
    expect(await counts()).toEqual(before);
  });

  it('looks every record up before creating it, so a re-run after the tenants were deleted only restores them', async () => {
    const before = await counts();
    await app.strapi.db.query(UID.tenant).deleteMany({ where: {} });

    const result = await seedDemoData(app.strapi, { DEMO_ADMIN_EMAIL: 'someone-else@example.com' });

    expect(result).toMatchObject({ seeded: true, adminCreated: false });
    expect(await counts()).toEqual(before);
    expect(await count('admin::user', { email: 'someone-else@example.com' })).toBe(0);
  });
});
