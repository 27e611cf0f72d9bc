/**
 * The automations admin API: RBAC, content types for the editor, saving with checks against the
 * content type and the template, the dry run, the activity of a rule.
 */
import { createAdmin } from '../helpers/strapi';
import { PO, poRule, rules, seedWorld, settle, startAutomationApp, SUPPLIER, type TestApp } from './helpers';
import { UID } from '../../plugins/whatsapp/shared/uids';

describe('automations admin API', () => {
  let app: TestApp;
  let token: string;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  const docs = (uid: string) => app.strapi.documents(uid as any) as any;
  const as = (method: 'get' | 'post' | 'put' | 'delete', path: string, bearer: string | null = token) => {
    const request = app.http[method](`/whatsapp${path}`);
    return bearer ? request.set('Authorization', `Bearer ${bearer}`) : request;
  };

  beforeAll(async () => {
    app = await startAutomationApp();
    world = await seedWorld(app);
    token = (await createAdmin(app)).token;
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('needs an admin with the automations permission', async () => {
    expect((await as('get', '/automations', null)).status).toBe(401);
    const editor = await createAdmin(app, { roleCode: 'strapi-editor' });
    const res = await as('get', '/automations', editor.token);
    expect(res.status).toBe(403);
  });

  it('lists watchable content types with their fields, relations one level deep', async () => {
    const res = await as('get', '/automations/content-types');
    expect(res.status).toBe(200);
    const uids = res.body.data.map((type: any) => type.uid);
    expect(uids).toEqual(expect.arrayContaining([PO, 'api::job.job', 'api::invoice.invoice', SUPPLIER, UID.customer]));
    expect(uids).not.toContain(UID.message);
    expect(uids).not.toContain(UID.automation);
    const po = res.body.data.find((type: any) => type.uid === PO);
    expect(po.draftAndPublish).toBe(false);
    expect(po.fields.find((field: any) => field.name === 'orderStatus')).toMatchObject({ type: 'enumeration', enum: expect.arrayContaining(['approved']) });
    const supplier = po.fields.find((field: any) => field.name === 'supplier');
    expect(supplier).toMatchObject({ type: 'relation', target: SUPPLIER });
    expect(supplier.fields.map((field: any) => field.name)).toEqual(expect.arrayContaining(['name', 'phone']));
    const customer = res.body.data.find((type: any) => type.uid === UID.customer);
    expect(customer.fields.map((field: any) => field.name)).not.toContain('identityKey');
  });

  it('offers only the content types a user owns, each field once', async () => {
    const res = await as('get', '/automations/content-types');
    expect(res.status).toBe(200);
    const types: any[] = res.body.data;
    // The host's own types, users-permissions' users (shown in the Content Manager) and, of the
    // plugin's types, customers only: no plumbing, no settings, no Strapi internals.
    expect(types.map((type) => type.uid).sort()).toEqual([
      'api::invoice.invoice',
      'api::job.job',
      PO,
      SUPPLIER,
      'plugin::users-permissions.user',
      UID.customer,
    ]);
    const names = (fields: any[]) => fields.map((field) => field.name);
    const unique = (list: string[]) => [...new Set(list)];
    for (const type of types) {
      const fields = names(type.fields);
      expect({ uid: type.uid, fields }).toEqual({ uid: type.uid, fields: unique(fields) });
      expect(fields).toEqual(expect.arrayContaining(['documentId', 'createdAt', 'updatedAt']));
      expect(fields.includes('publishedAt')).toBe(type.draftAndPublish);
      expect(fields).not.toEqual(expect.arrayContaining(['locale']));
      for (const field of type.fields.filter((f: any) => f.type === 'relation')) {
        const sub = names(field.fields);
        expect({ field: `${type.uid}.${field.name}`, sub }).toEqual({ field: `${type.uid}.${field.name}`, sub: unique(sub) });
        expect(sub).not.toContain('publishedAt'); // no related type here has draft & publish
        if (!/^(oneToOne|manyToOne|morphToOne)$/.test(field.relation)) expect(sub).toEqual([]);
      }
    }
    const job = types.find((type) => type.uid === 'api::job.job');
    expect(job.draftAndPublish).toBe(true);
    const supplier = types.find((type) => type.uid === SUPPLIER);
    expect(supplier.fields.find((field: any) => field.name === 'purchaseOrders')).toMatchObject({ relation: 'oneToMany', fields: [] });
    const customer = types.find((type) => type.uid === UID.customer);
    expect(names(customer.fields.find((field: any) => field.name === 'tenant').fields)).toEqual([
      'name',
      'slug',
      'whatsappEnabled',
      'defaultLanguage',
      'assignedPhoneNumberId',
      'autoAssign',
      'createdAt',
      'updatedAt',
      'documentId',
    ]);
  });

  it('refuses a rule on a type it does not offer', async () => {
    for (const contentType of [UID.tenant, UID.message, UID.pendingStatus, UID.conversationRead, 'plugin::upload.file']) {
      const res = await as('post', '/automations').send(poRule({ contentType, condition: null, parameterMapping: {} }));
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors[0].path).toEqual(['contentType']);
      expect(res.body.error.message).toMatch(/^contentType: .* cannot be watched/);
    }
    // Strapi's own admin:: types are not even a uid a rule may name.
    const internal = await as('post', '/automations').send(poRule({ contentType: 'admin::user', condition: null, parameterMapping: {} }));
    expect(internal.status).toBe(400);
    expect(internal.body.error.details.errors[0].path).toEqual(['contentType']);
    expect(await app.strapi.db.query(UID.automation).count()).toBe(0);
  });

  it('lists templates with the variables a rule maps, approved first', async () => {
    await app.strapi.db.query(UID.template).create({
      data: { name: 'a_pending', language: 'es', category: 'UTILITY', reviewStatus: 'PENDING', components: [{ type: 'BODY', text: '{{1}}' }] },
    });
    const res = await as('get', '/automations/templates');
    expect(res.status).toBe(200);
    expect(res.body.data[res.body.data.length - 1]).toMatchObject({ name: 'a_pending', status: 'PENDING' });
    const po = res.body.data.find((t: any) => t.name === 'po_notification' && t.language === 'es');
    expect(po.slots.map((slot: any) => slot.key)).toEqual(['body.1', 'body.2', 'body.3']);
    const reminder = res.body.data.find((t: any) => t.name === 'delivery_reminder');
    expect(reminder.slots.map((slot: any) => slot.key)).toEqual(['body.customer_name', 'body.delivery_date', 'button.0']);
    await app.strapi.db.query(UID.template).deleteMany({ where: { name: 'a_pending' } });
  });

  it('refuses an invalid rule with every problem and its field', async () => {
    const res = await as('post', '/automations').send(
      poRule({ recipientPath: 'supplier.fax', parameterMapping: { 'body.1': { source: 'field', path: 'supplier.name' } } })
    );
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('ValidationError');
    const paths = res.body.error.details.errors.map((error: any) => error.path.join('.'));
    expect(paths).toEqual(['recipientPath', 'parameterMapping.body.2', 'parameterMapping.body.3']);
    expect(res.body.error.message).toBe('recipientPath: "fax" is not a field of Supplier (in supplier.fax) (and 2 more)');

    const shape = await as('post', '/automations').send({ name: '', event: 'sometimes' });
    expect(shape.status).toBe(400);
    expect(shape.body.error.details.errors.length).toBeGreaterThan(1);
    expect(await app.strapi.db.query(UID.automation).count()).toBe(0);
  });

  it('saves, reads, updates and deletes a rule; a template not approved is a warning', async () => {
    const created = await as('post', '/automations').send(poRule());
    expect(created.status).toBe(201);
    expect(created.body.meta.warnings).toEqual([]);
    expect(created.body.data).toMatchObject({ name: 'PO approved', enabled: true, sentCount: 0, recentRuns: [] });
    const { documentId } = created.body.data;

    expect((await as('get', `/automations/${documentId}`)).body.data.templateName).toBe('po_notification');
    expect((await as('get', '/automations')).body.data.map((rule: any) => rule.documentId)).toContain(documentId);

    await app.strapi.db.query(UID.template).create({
      data: { name: 'po_review', language: 'es', category: 'UTILITY', reviewStatus: 'PENDING', components: [{ type: 'BODY', text: '{{1}}' }] },
    });
    const updated = await as('put', `/automations/${documentId}`).send(
      poRule({ templateName: 'po_review', parameterMapping: { 'body.1': { source: 'field', path: 'poNumber' } } })
    );
    expect(updated.status).toBe(200);
    expect(updated.body.meta.warnings[0].message).toMatch(/po_review \(es\) is PENDING/);

    expect((await as('delete', `/automations/${documentId}`)).status).toBe(204);
    expect((await as('get', `/automations/${documentId}`)).status).toBe(404);
  });

  describe('dry run and activity', () => {
    let rule: any;
    beforeAll(async () => {
      rule = (await rules(app).create(poRule({ name: 'PO approved (dry run)' }))).data;
    });

    it('shows the message the rule would send for a record', async () => {
      const po = await docs(PO).create({
        data: { poNumber: 'PO-DRY', total: 1250, currency: 'EUR', orderStatus: 'approved', supplier: world.supplier.documentId, tenant: world.tenant.documentId },
      });
      const res = await as('post', `/automations/${rule.documentId}/dry-run`).send({ documentId: po.documentId });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({
        wouldSend: true,
        reasons: [],
        recipient: { to: '+34 600 222 333', customer: null, tenant: world.tenant.documentId },
        template: { name: 'po_notification', language: 'es', status: 'APPROVED' },
        parameters: [
          { slot: 'body.1', value: 'Harinas del Norte' },
          { slot: 'body.2', value: 'PO-DRY' },
          { slot: 'body.3', value: '1250,00\u00a0€' },
        ],
        values: { body: { 1: 'Harinas del Norte', 2: 'PO-DRY', 3: '1250,00\u00a0€' } },
      });
      expect(res.body.data.condition).toBe('sends when orderStatus changes to "approved"; this record\'s orderStatus is "approved"');
      expect(res.body.data.components.find((c: any) => c.type === 'BODY').text).toContain('{{1}}');
      await settle(app);
      // A dry run sends nothing.
      expect(await app.strapi.db.query(UID.message).count({ where: { automation: { documentId: rule.documentId } } })).toBe(0);
    });

    it('says why it would not send', async () => {
      const supplier = await docs(SUPPLIER).create({ data: { name: 'Sin Teléfono' } });
      const po = await docs(PO).create({ data: { poNumber: 'PO-NO', orderStatus: 'draft', supplier: supplier.documentId } });
      const res = await as('post', `/automations/${rule.documentId}/dry-run`).send({ documentId: po.documentId });
      expect(res.status).toBe(200);
      expect(res.body.data.wouldSend).toBe(false);
      expect(res.body.data.reasons).toEqual([
        'condition: orderStatus is "draft", not "approved"',
        'recipient: supplier.phone is empty, so there is no phone number to send to',
        'parameter body.3: total is empty',
      ]);
    });

    it('answers 404 for an unknown record or rule, 400 without a record', async () => {
      expect((await as('post', `/automations/${rule.documentId}/dry-run`).send({ documentId: 'nope' })).status).toBe(404);
      expect((await as('post', '/automations/nope/dry-run').send({ documentId: 'x' })).status).toBe(404);
      const missing = await as('post', `/automations/${rule.documentId}/dry-run`).send({});
      expect(missing.status).toBe(400);
      expect(missing.body.error.message).toMatch(/documentId/);
    });

    it('shows the rule\'s recent sends and failures', async () => {
      const po = await docs(PO).create({ data: { poNumber: 'PO-ACT', total: 3, currency: 'EUR', orderStatus: 'submitted', supplier: world.supplier.documentId } });
      await docs(PO).update({ documentId: po.documentId, data: { orderStatus: 'approved' } });
      await settle(app);
      const res = await as('get', `/automations/${rule.documentId}/activity`);
      expect(res.status).toBe(200);
      expect(res.body.data.messages).toEqual([
        expect.objectContaining({ status: 'queued', sourceUid: PO, sourceDocumentId: po.documentId, customerPhone: '+34600222333' }),
      ]);
      expect(res.body.data.runs[0]).toMatchObject({ outcome: 'sent', documentId: po.documentId, message: res.body.data.messages[0].documentId });
    });
  });
});
