/**
 * The developer API (`service('notifications').sendTemplate`) and ENABLE_WHATSAPP_NOTIFICATIONS=false,
 * which pauses every rule and the API alike.
 */
import { PO, messagesOf, poRule, rules, seedWorld, service, settle, startAutomationApp, type TestApp } from './helpers';
import { PLUGIN_ID, UID } from '../../plugins/whatsapp/shared/uids';

describe('notifications.sendTemplate', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startAutomationApp();
    await seedWorld(app);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('queues a template to a phone, with body parameters and a source record', async () => {
    const notifications = app.strapi.plugin(PLUGIN_ID).service('notifications');
    const result = await notifications.sendTemplate({
      to: '+34 600 444 555',
      template: 'po_notification',
      language: 'es',
      parameters: ['Harinas', 'PO-9', '10 €'],
      idempotencyKey: 'po-9-approved',
      source: { uid: PO, documentId: 'abc' },
    });
    expect(result).toMatchObject({ status: 'queued', message: { status: 'queued', customerPhone: '+34600444555', templateName: 'po_notification' } });
    const row = await app.strapi.db.query(UID.message).findOne({ where: { documentId: result.message.documentId } });
    expect(row).toMatchObject({ sourceUid: PO, sourceDocumentId: 'abc', idempotencyKey: 'po-9-approved' });
    expect(row.templateParameters.body).toEqual(['Harinas', 'PO-9', '10 €']);

    const again = await notifications.sendTemplate({ to: '+34600444555', template: 'po_notification', language: 'es', parameters: ['Harinas', 'PO-9', '10 €'], idempotencyKey: 'po-9-approved' });
    expect(again.status).toBe('duplicate');
    expect(again.message.documentId).toBe(result.message.documentId);
  });

  it('sends to a customer by documentId with { header, body, buttons }', async () => {
    const customer = await app.strapi.db.query(UID.customer).findOne({ where: { name: 'Ane' } });
    const result = await service(app, 'notifications').sendTemplate({
      to: customer.documentId,
      template: 'delivery_reminder',
      language: 'es',
      parameters: { body: { customer_name: 'Ane', delivery_date: '12/10' }, buttons: [{ index: 0, parameter: 'A-1' }] },
    });
    expect(result.status).toBe('queued');
    expect(result.message.customer.documentId).toBe(customer.documentId);
  });

  it('refuses bad input with a message a developer can act on', async () => {
    await expect(service(app, 'notifications').sendTemplate({ to: '', template: 'x', language: 'es' })).rejects.toThrow(/to is required/);
    await expect(service(app, 'notifications').sendTemplate({ to: '+34600444555', template: 'po_notification', language: 'es', parameters: ['only one'] })).rejects.toThrow(
      /parameters do not fit the template/
    );
  });
});

describe('ENABLE_WHATSAPP_NOTIFICATIONS=false', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startAutomationApp({ env: { ENABLE_WHATSAPP_NOTIFICATIONS: 'false' } });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('pauses every rule and the notifications API, and the dry run says so', async () => {
    const world = await seedWorld(app);
    const rule = (await rules(app).create(poRule())).data;
    const docs = app.strapi.documents(PO as any) as any;
    const po = await docs.create({ data: { poNumber: 'PO-P', total: 1, currency: 'EUR', orderStatus: 'submitted', supplier: world.supplier.documentId } });
    await docs.update({ documentId: po.documentId, data: { orderStatus: 'approved' } });
    await settle(app);
    expect(await messagesOf(app, rule.documentId)).toHaveLength(0);
    expect((await app.strapi.db.query(UID.automation).findOne({ where: { documentId: rule.documentId } })).recentRuns ?? []).toEqual([]);

    const result = await service(app, 'notifications').sendTemplate({ to: '+34600444555', template: 'po_notification', language: 'es', parameters: ['a', 'b', 'c'] });
    expect(result).toEqual({ status: 'paused', message: null });
    expect(await app.strapi.db.query(UID.message).count()).toBe(0);

    const dry = await rules(app).dryRun(rule.documentId, { documentId: po.documentId });
    expect(dry.reasons).toContain('notifications are paused (ENABLE_WHATSAPP_NOTIFICATIONS=false)');
  });
});
