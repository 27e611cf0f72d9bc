/**
 * GET /whatsapp/stats: sent / delivered / read / failed of outbound messages in a period, grouped by
 * tenant, number, template or automation, with a per-day series. A read message counts as
 * delivered and sent too, even when Meta skipped the `delivered` webhook.
 */
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { customer, limitedAdmin, message, phoneNumber, tenant } from './fixtures';
import { UID } from '../../plugins/whatsapp/shared/uids';

describe('inbox: delivery statistics', () => {
  let app: TestApp;
  let token: string;
  let n1: any;
  let n2: any;
  let bakery: any;
  let hardware: any;
  let rule: any;
  const day = (d: number, h = 12) => new Date(Date.UTC(2026, 2, d, h));
  const stats = (query: Record<string, string>) => app.http.get('/whatsapp/stats').query(query).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    app = await startTestApp();
    token = (await createAdmin(app)).token;
    n1 = await phoneNumber(app, TEST_CREDENTIALS.phoneNumberId, TEST_CREDENTIALS.displayPhoneNumber);
    n2 = await phoneNumber(app, '100000000000002', '+34 600 000 002');
    bakery = await tenant(app, 'Bakery', n1);
    hardware = await tenant(app, 'Hardware', n2);
    const ana = await customer(app, { name: 'Ana', phone: '+34600111222', tenant: bakery });
    const bob = await customer(app, { name: 'Bob', phone: '+34600333444', tenant: hardware });
    rule = await app.strapi.db.query(UID.automation).create({
      data: { name: 'Invoice created', contentType: 'api::invoice.invoice', event: 'create', recipientPath: 'customer', templateName: 'invoice_created' },
    });
    const out = (extra: Record<string, unknown>) => ({ direction: 'outbound' as const, ...extra });
    // Bakery (number 1), March 1st: one read (delivered webhook never came), one delivered, one failed.
    await message(app, { number: n1, customer: ana, tenant: bakery, at: day(1), ...out({ deliveryStatus: 'read', sentAt: day(1), readAt: day(1, 13) }) });
    await message(app, { number: n1, customer: ana, tenant: bakery, at: day(1), ...out({ deliveryStatus: 'delivered', sentAt: day(1), deliveredAt: day(1) }) });
    await message(app, { number: n1, customer: ana, tenant: bakery, at: day(1), ...out({ deliveryStatus: 'failed', failedAt: day(1), errorCode: 131026 }) });
    // Hardware (number 2), March 2nd: two automated invoice templates, one sent, one still queued
    // (due tomorrow, so the outbox worker of this test app leaves it alone).
    await message(app, { number: n2, customer: bob, tenant: hardware, at: day(2), ...out({ type: 'template', templateName: 'invoice_created', automation: rule.id, deliveryStatus: 'sent', sentAt: day(2) }) });
    await message(app, { number: n2, customer: bob, tenant: hardware, at: day(2), ...out({ type: 'template', templateName: 'invoice_created', automation: rule.id, deliveryStatus: 'queued', nextAttemptAt: new Date(Date.now() + 86_400_000) }) });
    // Not counted: inbound, a reaction, and a message outside the period.
    await message(app, { number: n1, customer: ana, tenant: bakery, at: day(1), direction: 'inbound' });
    await message(app, { number: n1, customer: ana, tenant: bakery, at: day(1), ...out({ type: 'reaction', deliveryStatus: 'read' }) });
    await message(app, { number: n1, customer: ana, tenant: bakery, at: day(20), ...out({ deliveryStatus: 'read' }) });
  });

  afterAll(async () => {
    await app?.stop();
  });

  const period = { from: '2026-03-01', to: '2026-03-03' };

  it('groups by tenant, with totals and a per-day series', async () => {
    const res = await stats({ ...period, groupBy: 'tenant' });
    expect(res.status).toBe(200);
    expect(res.body.data.groups).toEqual([
      { key: bakery.documentId, label: 'Bakery', sent: 2, delivered: 2, read: 1, failed: 1, total: 3, billable: 0, free: 0, cost: 0 },
      { key: hardware.documentId, label: 'Hardware', sent: 1, delivered: 0, read: 0, failed: 0, total: 2, billable: 0, free: 0, cost: 0 },
    ]);
    expect(res.body.data.totals).toEqual({ sent: 3, delivered: 2, read: 1, failed: 1, total: 5, billable: 0, free: 0, cost: 0 });
    expect(res.body.data.series).toEqual([
      { date: '2026-03-01', sent: 2, delivered: 2, read: 1, failed: 1, total: 3, billable: 0, free: 0, cost: 0 },
      { date: '2026-03-02', sent: 1, delivered: 0, read: 0, failed: 0, total: 2, billable: 0, free: 0, cost: 0 },
      { date: '2026-03-03', sent: 0, delivered: 0, read: 0, failed: 0, total: 0, billable: 0, free: 0, cost: 0 },
    ]);
    expect(res.body.meta).toMatchObject({ groupBy: 'tenant', from: '2026-03-01T00:00:00.000Z', to: '2026-03-03T23:59:59.999Z' });
  });

  it('groups by number, template and automation rule', async () => {
    const byNumber = await stats({ ...period, groupBy: 'number' });
    expect(byNumber.body.data.groups.map((g: any) => [g.key, g.total])).toEqual([
      [n1.phoneNumberId, 3],
      [n2.phoneNumberId, 2],
    ]);
    expect(byNumber.body.data.groups[0].label).toContain(TEST_CREDENTIALS.displayPhoneNumber);

    const byTemplate = await stats({ ...period, groupBy: 'template' });
    expect(byTemplate.body.data.groups).toEqual([
      { key: null, label: '', sent: 2, delivered: 2, read: 1, failed: 1, total: 3, billable: 0, free: 0, cost: 0 },
      { key: 'invoice_created', label: 'invoice_created', sent: 1, delivered: 0, read: 0, failed: 0, total: 2, billable: 0, free: 0, cost: 0 },
    ]);

    const byRule = await stats({ ...period, groupBy: 'automation' });
    expect(byRule.body.data.groups).toEqual([
      { key: null, label: '', sent: 2, delivered: 2, read: 1, failed: 1, total: 3, billable: 0, free: 0, cost: 0 },
      { key: rule.documentId, label: 'Invoice created', sent: 1, delivered: 0, read: 0, failed: 0, total: 2, billable: 0, free: 0, cost: 0 },
    ]);
  });

  it('validates the period and grouping', async () => {
    expect((await stats({ groupBy: 'colour' })).status).toBe(400);
    expect((await stats({ from: 'yesterday' })).status).toBe(400);
    const reversed = await stats({ from: '2026-03-05', to: '2026-03-01' });
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.message).toMatch(/before/);
    expect((await stats({ from: '2020-01-01', to: '2026-01-01' })).status).toBe(400);
    expect((await stats({})).status).toBe(200); // last 30 days by default
  });

  it('requires messages-read', async () => {
    expect((await app.http.get('/whatsapp/stats')).status).toBe(401);
    const none = await limitedAdmin(app, []);
    expect((await app.http.get('/whatsapp/stats').set('Authorization', `Bearer ${none.token}`)).status).toBe(403);
  });
});
