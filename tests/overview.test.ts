/**
 * GET /whatsapp/overview: the status the overview page shows. Admin only, behind the
 * settings-read action; counts come from the database; secrets never leave the server.
 */
import { ACTIONS } from '../plugins/whatsapp/shared/permissions';
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from './helpers/strapi';
import { UID } from '../plugins/whatsapp/shared/uids';

describe('GET /whatsapp/overview (live mode)', () => {
  let app: TestApp;
  let superAdmin: { token: string };

  beforeAll(async () => {
    app = await startTestApp();
    superAdmin = await createAdmin(app);
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('answers 401 without an admin token', async () => {
    const res = await app.http.get('/whatsapp/overview');
    expect(res.status).toBe(401);
  });

  it('answers 403 to an admin whose role lacks the settings-read action', async () => {
    const editor = await createAdmin(app, { roleCode: 'strapi-editor' });
    const res = await app.http.get('/whatsapp/overview').set('Authorization', `Bearer ${editor.token}`);
    expect(res.status).toBe(403);
  });

  it('answers 200 once the role is given the settings-read action', async () => {
    const role = await app.strapi.db.query('admin::role').findOne({ where: { code: 'strapi-author' } });
    await app.strapi
      .service('admin::role')
      .addPermissions(role.id, [{ action: ACTIONS.settingsRead, subject: null, properties: {}, conditions: [] }]);
    const author = await createAdmin(app, { roleCode: 'strapi-author' });
    const res = await app.http.get('/whatsapp/overview').set('Authorization', `Bearer ${author.token}`);
    expect(res.status).toBe(200);
  });

  it('reports the mode, API version, master account, default number and counts, without secrets', async () => {
    const { strapi } = app;
    const tenants = strapi.documents(UID.tenant);
    const on = await tenants.create({ data: { name: 'Panadería Uno', whatsappEnabled: true } as any });
    await tenants.create({ data: { name: 'Panadería Dos', whatsappEnabled: false } as any });
    await strapi.documents(UID.customer).create({ data: { name: 'Lucía', phone: '+34611000001', tenant: on.documentId } as any });
    const messages = strapi.db.query(UID.message);
    await messages.create({ data: { direction: 'outbound', type: 'text', deliveryStatus: 'sent', wamid: 'wamid.ov-1' } });
    await messages.create({ data: { direction: 'outbound', type: 'text', deliveryStatus: 'failed', wamid: 'wamid.ov-2' } });
    await messages.create({ data: { direction: 'inbound', type: 'text', deliveryStatus: 'received', wamid: 'wamid.ov-3' } });
    const events = strapi.db.query(UID.webhookEvent);
    await events.create({ data: { rawBody: '{"a":1}', bodySha256: 'ov-1', processingStatus: 'pending' } });
    await events.create({ data: { rawBody: '{"a":2}', bodySha256: 'ov-2', processingStatus: 'processing' } });
    await events.create({ data: { rawBody: '{"a":3}', bodySha256: 'ov-3', processingStatus: 'processed' } });

    const res = await app.http.get('/whatsapp/overview').set('Authorization', `Bearer ${superAdmin.token}`);

    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      mode: 'live',
      apiVersion: 'v25.0',
      notificationsEnabled: true,
      masterAccount: { wabaId: TEST_CREDENTIALS.businessAccountId },
      defaultNumber: { phoneNumberId: TEST_CREDENTIALS.phoneNumberId },
      counts: {
        phoneNumbers: 1,
        tenants: 2,
        tenantsEnabled: 1,
        customers: 1,
        messages: 3,
        failedMessages: 1,
        pendingWebhookEvents: 2,
      },
    });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(TEST_CREDENTIALS.accessToken);
    expect(text).not.toContain(TEST_CREDENTIALS.appSecret);
    expect(text).not.toMatch(/accessToken|appSecret|wa1:/);
  });
});

describe('GET /whatsapp/overview (not configured)', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ sandbox: false, env: { WHATSAPP_OFFLINE_MODE: 'false' } });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('says so, with no master account and no default number', async () => {
    const { token } = await createAdmin(app);
    const res = await app.http.get('/whatsapp/overview').set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ mode: 'unconfigured', masterAccount: null, defaultNumber: null });
    expect(res.body.data.counts.phoneNumbers).toBe(0);
  });
});
