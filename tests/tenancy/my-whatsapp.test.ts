/**
 * "My WhatsApp" (#14 item 2): a bakery's member gets a card per tenant they belong to, with its
 * number and quality, WhatsApp on/off, language, this month's messages and their estimated cost
 * (the statistics' rate card); with `own-tenant-manage` they switch WhatsApp and change the
 * language of their own tenant only (audited); another tenant answers 404; a platform admin who is no member gets no card.
 */
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { customer, message, phoneNumber, tenant } from '../inbox/fixtures';
import { ACTIONS } from '../../plugins/whatsapp/shared/permissions';
import { TENANT_CONDITION } from '../../plugins/whatsapp/shared/tenancy';
import rateCard from '../../plugins/whatsapp/server/src/pricing/rate-card.json';

describe('My WhatsApp', () => {
  let app: TestApp;
  let admin: { token: string };
  let owner: string;
  let reader: string;
  let bakery: any;
  let hardware: any;

  const as = (token: string) => ({
    get: (path: string) => app.http.get(path).set('Authorization', `Bearer ${token}`),
    put: (path: string, body: unknown) => app.http.put(path).set('Authorization', `Bearer ${token}`).send(body as object),
  });

  async function member(email: string, actions: string[]) {
    const role = await app.strapi.service('admin::role').create({ name: `Role ${email}`, description: 'test' });
    await app.strapi.service('admin::role').assignPermissions(role.id, actions.map((action) => ({ action, subject: null, properties: {}, conditions: [TENANT_CONDITION.id] })));
    const password = 'Admin12345!';
    const user = await app.strapi.service('admin::user').create({ email, firstname: 'Owner', lastname: 'Test', password, registrationToken: null, isActive: true, roles: [role.id] });
    await as(admin.token).put(`/whatsapp/tenants/${bakery.documentId}/members`, { userIds: [...(await app.strapi.db.query('plugin::whatsapp.tenant').findOne({ where: { id: bakery.id }, populate: { members: true } })).members.map((m: any) => m.id), user.id] }).expect(200);
    return (await app.http.post('/admin/login').send({ email, password })).body.data.token as string;
  }

  beforeAll(async () => {
    app = await startTestApp();
    admin = await createAdmin(app);
    const n1 = await phoneNumber(app, TEST_CREDENTIALS.phoneNumberId, TEST_CREDENTIALS.displayPhoneNumber);
    const n2 = await phoneNumber(app, '100000000000002', '+34 600 000 002');
    await app.strapi.db.query('plugin::whatsapp.phone-number').update({ where: { id: n1.id }, data: { qualityRating: 'GREEN' } });
    bakery = await tenant(app, 'Bakery', n1);
    // As the assignment route leaves it: the relation and its mirror column.
    await app.strapi.db.query('plugin::whatsapp.tenant').update({ where: { id: bakery.id }, data: { assignedPhoneNumberId: n1.phoneNumberId } });
    hardware = await tenant(app, 'Hardware store', n2);
    const ana = await customer(app, { name: 'Ana', phone: '+34600111222', tenant: bakery });
    const now = new Date();
    await message(app, { number: n1, customer: ana, tenant: bakery, direction: 'inbound', at: now, body: 'Hi' });
    // Billed by Meta as a Spanish utility message (+34), so it costs the card's ES utility rate.
    await message(app, { number: n1, customer: ana, tenant: bakery, direction: 'outbound', at: now, deliveryStatus: 'read', pricingModel: 'PMP', pricingType: 'regular', pricingCategory: 'utility' });
    await message(app, { number: n1, customer: ana, tenant: bakery, direction: 'outbound', at: now, deliveryStatus: 'failed' });
    // Last year's message is not this month's.
    await message(app, { number: n1, customer: ana, tenant: bakery, direction: 'outbound', at: new Date(Date.now() - 400 * 86_400_000), deliveryStatus: 'read' });
    owner = await member('owner@bakery.example', [ACTIONS.messagesRead, ACTIONS.ownTenantManage]);
    reader = await member('reader@bakery.example', [ACTIONS.messagesRead]);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('shows a card per tenant the user is a member of, with the number, quality and this month’s messages', async () => {
    const res = await as(owner).get('/whatsapp/my-tenants');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      {
        id: bakery.documentId,
        name: 'Bakery',
        status: 'configured',
        whatsappEnabled: true,
        defaultLanguage: 'en',
        displayPhoneNumber: TEST_CREDENTIALS.displayPhoneNumber,
        qualityRating: 'GREEN',
        canManage: true,
        usage: { month: new Date().toISOString().slice(0, 7), sent: 2, delivered: 1, read: 1, failed: 1, received: 1, cost: rateCard.countries.ES.utility, currency: rateCard.currency },
      },
    ]);
    expect((await as(reader).get('/whatsapp/my-tenants')).body.data[0].canManage).toBe(false);
    expect((await as(admin.token).get('/whatsapp/my-tenants')).body.data).toEqual([]);
  });

  it('switches their own tenant’s WhatsApp and language, audited; another tenant answers 404', async () => {
    const res = await as(owner).put(`/whatsapp/my-tenants/${bakery.documentId}/settings`, { defaultLanguage: 'eu', whatsappEnabled: false });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ defaultLanguage: 'eu', whatsappEnabled: false, status: 'disabled' });
    const audit = await as(admin.token).get(`/whatsapp/audit?action=tenant.settings-changed&subjectId=${bakery.documentId}`);
    expect(audit.body.data[0]).toMatchObject({ actor: { name: 'Owner Test' }, after: { defaultLanguage: 'eu', whatsappEnabled: false } });

    expect((await as(owner).put(`/whatsapp/my-tenants/${hardware.documentId}/settings`, { defaultLanguage: 'eu' })).status).toBe(404);
    const bad = await as(owner).put(`/whatsapp/my-tenants/${bakery.documentId}/settings`, { defaultLanguage: 'Basque!' });
    expect([bad.status, bad.body.error.message]).toEqual([400, expect.stringMatching(/defaultLanguage must be a language code/)]);
    expect((await as(reader).put(`/whatsapp/my-tenants/${bakery.documentId}/settings`, { defaultLanguage: 'es' })).status).toBe(403);
  });
});
