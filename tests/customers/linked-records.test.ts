/**
 * The customer panel's records (#16 item 4), through `GET /whatsapp/customers/:documentId/records`:
 * records that point to the customer by relation, records of a supplier carrying the customer's
 * phone in another format, never another tenant's, limits and counts, the Content Manager's read
 * permission per type (and per title field), and the 4xx answers that name the field.
 */
import { createAdmin, startTestApp, type TestApp } from '../helpers/strapi';
import { customer, tenant } from '../inbox/fixtures';
import { ACTIONS } from '../../plugins/whatsapp/shared/permissions';
import { UID } from '../../plugins/whatsapp/shared/uids';

const INVOICE = 'api::invoice.invoice';
const JOB = 'api::job.job';
const SUPPLIER = 'api::supplier.supplier';
const PO = 'api::purchase-order.purchase-order';
const CM_READ = 'plugin::content-manager.explorer.read';

type Permission = { action: string; subject?: string | null; properties?: Record<string, unknown>; conditions?: string[] };

async function agent(app: TestApp, permissions: Permission[]) {
  const role = await app.strapi.service('admin::role').create({ name: `Role ${Date.now()}-${Math.random()}`, description: 'test' });
  if (permissions.length) {
    await app.strapi.service('admin::role').assignPermissions(
      role.id,
      permissions.map(({ action, subject = null, properties = {}, conditions = [] }) => ({ action, subject, properties, conditions }))
    );
  }
  const email = `agent-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  const password = 'Admin12345!';
  await app.strapi.service('admin::user').create({ email, firstname: 'Agent', lastname: 'Test', password, registrationToken: null, isActive: true, roles: [role.id] });
  const res = await app.http.post('/admin/login').send({ email, password });
  if (res.status !== 200) throw new Error(`login failed ${res.status}`);
  return res.body.data.token as string;
}

describe('customer panel: linked records', () => {
  let app: TestApp;
  let adminToken: string;
  let ana: any;
  let tenantA: any;
  const docs = (uid: string) => app.strapi.documents(uid as any);
  const get = (documentId: string, token = adminToken, query: Record<string, unknown> = {}) =>
    app.http.get(`/whatsapp/customers/${documentId}/records`).query(query).set('Authorization', `Bearer ${token}`);
  const group = (res: any, uid: string) => res.body.data.groups.find((g: any) => g.uid === uid);

  let supplierMatch: any;
  let poMatch: string[];
  let poOther: string[];

  beforeAll(async () => {
    app = await startTestApp();
    adminToken = (await createAdmin(app)).token;
    tenantA = await tenant(app, 'Bakery');
    const tenantB = await tenant(app, 'Hardware store');
    ana = await customer(app, { name: 'Ana García', phone: '+34611222333', tenant: tenantA });
    await app.strapi.db.query(UID.customer).update({
      where: { id: ana.id },
      data: { optedIn: true, optedInAt: new Date('2026-11-01T10:00:00Z'), marketingOptOut: true, marketingOptOutAt: new Date('2026-11-20T10:00:00Z'), email: 'ana@example.com' },
    });
    const bob = await customer(app, { name: 'Bob', phone: '+34699000111', tenant: tenantA });

    for (let i = 1; i <= 7; i += 1) {
      await docs(INVOICE).create({ data: { number: `INV-${i}`, amount: i * 10, customer: ana.documentId, tenant: tenantA.documentId } as any });
    }
    await docs(INVOICE).create({ data: { number: 'INV-BOB', customer: bob.documentId, tenant: tenantA.documentId } as any });
    // Pointing to Ana but another tenant's: never listed (a record without a tenant, like the job, is).
    await docs(INVOICE).create({ data: { number: 'INV-OTHER-TENANT', customer: ana.documentId, tenant: tenantB.documentId } as any });
    // Draft & publish: one document with a draft and a published row is one record.
    const job = await docs(JOB).create({ data: { title: 'Fix the oven', customer: ana.documentId } as any });
    await docs(JOB).publish({ documentId: job.documentId } as any);

    supplierMatch = await docs(SUPPLIER).create({ data: { name: 'Harinas del Norte', phone: '+34 611 22 23 33', tenant: tenantA.documentId } as any });
    const supplierOther = await docs(SUPPLIER).create({ data: { name: 'Lácteos', phone: '34611222334', tenant: tenantA.documentId } as any });
    const supplierElsewhere = await docs(SUPPLIER).create({ data: { name: 'Same phone, other tenant', phone: '34611222333', tenant: tenantB.documentId } as any });
    poMatch = [];
    for (const n of ['PO-1', 'PO-2']) {
      poMatch.push((await docs(PO).create({ data: { poNumber: n, supplier: supplierMatch.documentId, tenant: tenantA.documentId } as any })).documentId);
    }
    poOther = [
      (await docs(PO).create({ data: { poNumber: 'PO-OTHER', supplier: supplierOther.documentId, tenant: tenantA.documentId } as any })).documentId,
      (await docs(PO).create({ data: { poNumber: 'PO-ELSEWHERE', supplier: supplierElsewhere.documentId, tenant: tenantB.documentId } as any })).documentId,
    ];
  });

  afterAll(async () => {
    await app?.stop();
  });

  it("answers the contact with its consent state and tenant, and nothing private", async () => {
    const res = await get(ana.documentId);
    expect(res.status).toBe(200);
    expect(res.body.data.customer).toMatchObject({
      documentId: ana.documentId,
      name: 'Ana García',
      phone: '+34611222333',
      waId: '34611222333',
      email: 'ana@example.com',
      tenant: { documentId: tenantA.documentId, name: 'Bakery' },
      optedIn: true,
      optedInAt: '2026-11-01T10:00:00.000Z',
      marketingOptOut: true,
      marketingOptOutAt: '2026-11-20T10:00:00.000Z',
      optedOut: false,
      optedOutAt: null,
      blocked: null,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/identityKey|"id":/);
  });

  it('lists records pointing to the customer, the 5 most recent with the count, each with its Content Manager page', async () => {
    const res = await get(ana.documentId);
    const invoices = group(res, INVOICE);
    expect(invoices).toMatchObject({ displayName: 'Invoice', titleField: 'number', count: 7, links: [{ kind: 'customer', attribute: 'customer' }] });
    expect(invoices.records.map((r: any) => r.title)).toEqual(['INV-7', 'INV-6', 'INV-5', 'INV-4', 'INV-3']);
    const first = invoices.records[0];
    expect(first.to).toBe(`/content-manager/collection-types/${INVOICE}/${first.documentId}`);
    expect(first.href).toBe(`/admin/content-manager/collection-types/${INVOICE}/${first.documentId}`);
    expect(Date.parse(first.updatedAt)).not.toBeNaN();
    expect(invoices.listTo).toBe(`/content-manager/collection-types/${INVOICE}`);

    const jobs = group(res, JOB);
    expect(jobs).toMatchObject({ count: 1, titleField: 'title' });
    expect(jobs.records.map((r: any) => r.title)).toEqual(['Fix the oven']);
  });

  it("?limit= bounds the records, not the count; it is validated and named", async () => {
    const res = await get(ana.documentId, adminToken, { limit: 2 });
    expect(group(res, INVOICE).records).toHaveLength(2);
    expect(group(res, INVOICE).count).toBe(7);
    for (const limit of ['0', '21', 'abc', '1.5']) {
      const bad = await get(ana.documentId, adminToken, { limit });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(/^limit: /);
    }
    const unknown = await get(ana.documentId, adminToken, { page: 2 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toMatch(/page/);
  });

  it("finds the supplier with the customer's phone in another format and its purchase orders, never another supplier's or another tenant's", async () => {
    const res = await get(ana.documentId);
    const suppliers = group(res, SUPPLIER);
    expect(suppliers).toMatchObject({ count: 1, links: [{ kind: 'phone', attribute: 'phone' }] });
    expect(suppliers.records.map((r: any) => r.documentId)).toEqual([supplierMatch.documentId]);
    expect(suppliers.records[0].title).toBe('Harinas del Norte');

    const orders = group(res, PO);
    expect(orders).toMatchObject({ count: 2, titleField: 'poNumber', links: [{ kind: 'related-phone', attribute: 'supplier', target: SUPPLIER, phoneAttribute: 'phone' }] });
    expect(orders.records.map((r: any) => r.documentId).sort()).toEqual([...poMatch].sort());
    for (const id of poOther) expect(JSON.stringify(res.body)).not.toContain(id);
    expect(JSON.stringify(res.body)).not.toContain('INV-BOB');
    expect(JSON.stringify((await get(ana.documentId, adminToken, { limit: 20 })).body)).not.toContain('INV-OTHER-TENANT');
  });

  it('a customer without linked records gets no groups', async () => {
    const lone = await customer(app, { name: 'Lone', phone: '+447700900999', tenant: tenantA });
    const res = await get(lone.documentId);
    expect(res.status).toBe(200);
    expect(res.body.data.groups).toEqual([]);
  });

  it('unknown customer → 404, malformed id → 400 naming documentId', async () => {
    const missing = await get('abcdefghijklmnopqrstuvwx');
    expect(missing.status).toBe(404);
    const bad = await get(encodeURIComponent("x' or 1=1"));
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^documentId: /);
  });

  it('needs an admin with the messages-read action (401 / 403)', async () => {
    expect((await app.http.get(`/whatsapp/customers/${ana.documentId}/records`)).status).toBe(401);
    const outsider = await agent(app, [{ action: ACTIONS.templatesRead }]);
    expect((await get(ana.documentId, outsider)).status).toBe(403);
  });

  it("lists only the types the user may read in the Content Manager, a title only if its field is readable, none under a record-level condition", async () => {
    const readerOnly = await agent(app, [{ action: ACTIONS.messagesRead }]);
    const none = await get(ana.documentId, readerOnly);
    expect(none.status).toBe(200);
    expect(none.body.data.customer.name).toBe('Ana García');
    expect(none.body.data.groups).toEqual([]);

    const poReader = await agent(app, [
      { action: ACTIONS.messagesRead },
      { action: CM_READ, subject: PO, properties: { fields: ['poNumber', 'total', 'supplier', 'tenant'] } },
      { action: CM_READ, subject: INVOICE, properties: { fields: ['amount'] } },
      { action: CM_READ, subject: JOB, properties: { fields: ['title'] }, conditions: ['admin::is-creator'] },
    ]);
    const res = await get(ana.documentId, poReader);
    expect(res.body.data.groups.map((g: any) => g.uid).sort()).toEqual([INVOICE, PO]);
    expect(group(res, PO).count).toBe(2);
    expect(group(res, PO).records.map((r: any) => r.title).sort()).toEqual(['PO-1', 'PO-2']);
    // The invoice number is not a field this role may read: the documentId stands in for it.
    expect(group(res, INVOICE).titleField).toBe('documentId');
    expect(group(res, INVOICE).records.every((r: any) => r.title === r.documentId)).toBe(true);
  });
});
