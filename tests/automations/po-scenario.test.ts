/**
 * The seeds' purchase-order scenario end to end, with the host app's demo rules: a PO approved in
 * Strapi → one `po_notification` (es) to the supplier, queued by the rule, sent by the outbox to
 * the Cloud API sandbox over HTTP, and moved to delivered by the sandbox's signed status webhooks.
 * Also: the demo rules seed cleanly against the demo templates, once.
 */
import { DEMO_AUTOMATIONS, seedDemoAutomations } from '../../src/demo/automations';
import { eventually } from '../outbound/helpers';
import { AUTOMATION, MESSAGE, PO, seedWorld, settle, startAutomationApp, type TestApp } from './helpers';

describe('purchase order approved → supplier (end to end through the sandbox)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startAutomationApp({ worker: true, autoStatuses: true });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('seeds the demo rules once, every one valid against its template', async () => {
    expect(await seedDemoAutomations(app.strapi)).toBe(DEMO_AUTOMATIONS.length);
    expect(await seedDemoAutomations(app.strapi)).toBe(0);
    const rows = await app.strapi.db.query(AUTOMATION).findMany({});
    expect(rows.map((row: any) => row.name).sort()).toEqual(DEMO_AUTOMATIONS.map((rule) => rule.name).sort());
  });

  it('sends one po_notification to the supplier and follows it to delivered', async () => {
    const { supplier, tenant } = await seedWorld(app);
    const docs = app.strapi.documents(PO as any) as any;
    const po = await docs.create({
      data: { poNumber: 'PO-2026-0042', total: 1250, currency: 'EUR', orderStatus: 'submitted', supplier: supplier.documentId, tenant: tenant.documentId },
    });
    // What an admin does in the content manager: change the order status, save; then save again.
    await docs.update({ documentId: po.documentId, data: { orderStatus: 'approved' } });
    await docs.update({ documentId: po.documentId, data: { orderStatus: 'approved', total: 1250 } });
    await settle(app);

    const delivered = await eventually(
      async () => {
        const rows = await app.strapi.db.query(MESSAGE).findMany({ where: { sourceDocumentId: po.documentId } });
        return rows.length === 1 && rows[0].deliveredAt ? rows[0] : null;
      },
      30000,
      'the message to reach delivered'
    );
    expect(['delivered', 'read']).toContain(delivered.deliveryStatus);
    expect(delivered).toMatchObject({ templateName: 'po_notification', templateLanguage: 'es', customerPhone: '+34600222333', wamid: expect.stringMatching(/^wamid\./) });

    const sent = app.sandbox!.sent.filter((request: any) => request.body?.type === 'template');
    expect(sent).toHaveLength(1);
    expect(sent[0].body).toMatchObject({
      to: '+34600222333',
      template: {
        name: 'po_notification',
        language: { code: 'es' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Harinas del Norte' }, { type: 'text', text: 'PO-2026-0042' }, { type: 'text', text: '1250,00\u00a0€' }] }],
      },
    });
    const rule = await app.strapi.db.query(AUTOMATION).findOne({ where: { name: 'Purchase order approved → supplier' } });
    expect(rule).toMatchObject({ sentCount: 1, failedCount: 0 });
  });
});
