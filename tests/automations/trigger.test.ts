/**
 * The trigger through Strapi's document service: every event, condition transitions, draft &
 * publish on and off (one send per transition), concurrent writes, broken rules that never break
 * the write, and rollbacks. The outbox worker is off: these tests look at what reaches the outbox.
 */
import { INVOICE, JOB, PO, jobRule, messagesOf, poRule, ruleRow, rules, seedWorld, settle, startAutomationApp, SUPPLIER, type TestApp } from './helpers';
import { UID } from '../../plugins/whatsapp/shared/uids';

describe('automation trigger', () => {
  let app: TestApp;
  let world: Awaited<ReturnType<typeof seedWorld>>;
  const docs = (uid: string) => app.strapi.documents(uid as any) as any;

  beforeAll(async () => {
    app = await startAutomationApp();
    world = await seedWorld(app);
  });

  afterAll(async () => {
    await app?.stop();
  });

  describe('purchase orders (no draft & publish): updated, order status changed to approved', () => {
    let rule: any;
    beforeAll(async () => {
      rule = (await rules(app).create(poRule())).data;
    });

    const createPo = (poNumber: string, status = 'submitted') =>
      docs(PO).create({ data: { poNumber, total: 1250.5, currency: 'EUR', orderStatus: status, supplier: world.supplier.documentId, tenant: world.tenant.documentId } });

    it('sends once on the transition, with the record mapped into the template', async () => {
      const po = await createPo('PO-1');
      await settle(app);
      expect(await messagesOf(app, rule.documentId)).toHaveLength(0);

      await docs(PO).update({ documentId: po.documentId, data: { orderStatus: 'approved' } });
      await settle(app);
      const [message, ...others] = await messagesOf(app, rule.documentId);
      expect(others).toHaveLength(0);
      expect(message).toMatchObject({
        deliveryStatus: 'queued',
        type: 'template',
        templateName: 'po_notification',
        templateLanguage: 'es',
        customerPhone: '+34600222333',
        sourceUid: PO,
        sourceDocumentId: po.documentId,
        idempotencyKey: expect.stringMatching(new RegExp(`^auto:${rule.documentId}:${po.documentId}:updated:`)),
      });
      expect(message.tenant.id).toBe(world.tenant.id);
      expect(message.templateParameters.body).toEqual(['Harinas del Norte', 'PO-1', '1250,50\u00a0€']);
      expect(message.body).toContain('Hola Harinas del Norte, le enviamos el pedido de compra PO-1 por un total de 1250,50');

      const logged = await ruleRow(app, rule.documentId);
      expect(logged).toMatchObject({ sentCount: 1, failedCount: 0, lastError: null });
      expect(logged.recentRuns[0]).toMatchObject({ outcome: 'sent', documentId: po.documentId, message: message.documentId });
    });

    it('sends nothing when saved again without a transition, and again on a new transition', async () => {
      const po = await createPo('PO-2');
      await docs(PO).update({ documentId: po.documentId, data: { orderStatus: 'approved' } });
      await settle(app);
      await docs(PO).update({ documentId: po.documentId, data: { orderStatus: 'approved' } });
      await docs(PO).update({ documentId: po.documentId, data: { total: 99 } });
      await settle(app);
      const forPo = async () => (await messagesOf(app, rule.documentId)).filter((m: any) => m.sourceDocumentId === po.documentId);
      expect(await forPo()).toHaveLength(1);

      await docs(PO).update({ documentId: po.documentId, data: { orderStatus: 'submitted' } });
      await docs(PO).update({ documentId: po.documentId, data: { orderStatus: 'approved' } });
      await settle(app);
      const sent = await forPo();
      expect(sent).toHaveLength(2);
      expect(sent[1].templateParameters.body[2]).toBe('99,00\u00a0€');
    });

    it('concurrent updates of one record send once', async () => {
      const po = await createPo('PO-3');
      await Promise.all(Array.from({ length: 6 }, () => docs(PO).update({ documentId: po.documentId, data: { orderStatus: 'approved' } })));
      await settle(app);
      const sent = (await messagesOf(app, rule.documentId)).filter((m: any) => m.sourceDocumentId === po.documentId);
      expect(sent).toHaveLength(1);
    });

    it('does not send when the surrounding transaction rolls back', async () => {
      const po = await createPo('PO-4');
      await expect(
        app.strapi.db.transaction(async () => {
          await docs(PO).update({ documentId: po.documentId, data: { orderStatus: 'approved' } });
          throw new Error('rolled back on purpose');
        })
      ).rejects.toThrow('rolled back on purpose');
      await settle(app);
      expect((await messagesOf(app, rule.documentId)).filter((m: any) => m.sourceDocumentId === po.documentId)).toHaveLength(0);
      expect((await docs(PO).findOne({ documentId: po.documentId })).orderStatus).toBe('submitted');
    });

    it('sends after the surrounding transaction commits', async () => {
      const po = await createPo('PO-5');
      await app.strapi.db.transaction(async () => {
        await docs(PO).update({ documentId: po.documentId, data: { orderStatus: 'approved' } });
      });
      await settle(app);
      expect((await messagesOf(app, rule.documentId)).filter((m: any) => m.sourceDocumentId === po.documentId)).toHaveLength(1);
    });

    it('stops when the rule is disabled (the rule cache follows edits)', async () => {
      await rules(app).update(rule.documentId, { ...poRule(), enabled: false });
      const po = await createPo('PO-6');
      await docs(PO).update({ documentId: po.documentId, data: { orderStatus: 'approved' } });
      await settle(app);
      expect((await messagesOf(app, rule.documentId)).filter((m: any) => m.sourceDocumentId === po.documentId)).toHaveLength(0);
      await rules(app).update(rule.documentId, poRule());
    });
  });

  describe('other events', () => {
    it('created: an invoice notifies its customer, numbers and dates in the tenant language', async () => {
      const rule = (
        await rules(app).create({
          name: 'Invoice created',
          contentType: INVOICE,
          event: 'created',
          recipientPath: 'customer',
          tenantPath: 'tenant',
          templateName: 'invoice_created',
          language: 'es',
          parameterMapping: {
            'body.1': { source: 'field', path: 'customer.name' },
            'body.2': { source: 'field', path: 'number' },
            'body.3': { source: 'field', path: 'amount', format: 'currency', currencyPath: 'currency' },
            'body.4': { source: 'field', path: 'dueDate' },
          },
        })
      ).data;
      const invoice = await docs(INVOICE).create({
        data: { number: 'F-1', amount: 86.4, currency: 'EUR', dueDate: '2026-10-30', customer: world.customer.documentId, tenant: world.tenant.documentId },
      });
      await docs(INVOICE).update({ documentId: invoice.documentId, data: { amount: 90 } });
      await settle(app);
      const sent = await messagesOf(app, rule.documentId);
      expect(sent).toHaveLength(1);
      expect(sent[0].customer.id).toBe(world.customer.id);
      expect(sent[0].templateParameters.body).toEqual(['Ane', 'F-1', '86,40\u00a0€', '30 de octubre de 2026']);
    });

    it('updated without a condition: any change of the record, not a save without changes', async () => {
      const rule = (
        await rules(app).create({
          name: 'Supplier changed',
          contentType: SUPPLIER,
          event: 'updated',
          recipientPath: 'phone',
          templateName: 'po_notification',
          language: 'en',
          parameterMapping: {
            'body.1': { source: 'field', path: 'name' },
            'body.2': { source: 'fixed', value: '-' },
            'body.3': { source: 'adminUrl' },
          },
        })
      ).data;
      const supplier = await docs(SUPPLIER).create({ data: { name: 'Levaduras Sur', phone: '+34600333444' } });
      await docs(SUPPLIER).update({ documentId: supplier.documentId, data: { name: 'Levaduras Sur' } });
      await settle(app);
      expect(await messagesOf(app, rule.documentId)).toHaveLength(0);
      await docs(SUPPLIER).update({ documentId: supplier.documentId, data: { name: 'Levaduras del Sur' } });
      await settle(app);
      const sent = await messagesOf(app, rule.documentId);
      expect(sent).toHaveLength(1);
      expect(sent[0].templateParameters.body[2]).toMatch(new RegExp(`/admin/content-manager/collection-types/${SUPPLIER}/${supplier.documentId}$`));
    });

    it('deleted: reads the record as it was', async () => {
      const rule = (
        await rules(app).create(
          poRule({ name: 'PO cancelled', event: 'deleted', condition: { field: 'orderStatus', operator: 'equals', value: 'submitted' } })
        )
      ).data;
      const po = await docs(PO).create({ data: { poNumber: 'PO-DEL', total: 10, currency: 'EUR', orderStatus: 'submitted', supplier: world.supplier.documentId } });
      const kept = await docs(PO).create({ data: { poNumber: 'PO-KEEP', total: 10, currency: 'EUR', orderStatus: 'draft', supplier: world.supplier.documentId } });
      await docs(PO).delete({ documentId: po.documentId });
      await docs(PO).delete({ documentId: kept.documentId });
      await settle(app);
      const sent = await messagesOf(app, rule.documentId);
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ sourceDocumentId: po.documentId });
      expect(sent[0].templateParameters.body).toEqual(['Harinas del Norte', 'PO-DEL', '10,00\u00a0€']);
      await rules(app).remove(rule.documentId);
    });
  });

  describe('jobs (draft & publish): one send per transition of the published version', () => {
    let scheduled: any;
    let assigned: any;
    let completedOnUpdate: any;
    beforeAll(async () => {
      scheduled = (await rules(app).create(jobRule())).data;
      assigned = (
        await rules(app).create(
          jobRule({
            name: 'Technician assigned',
            condition: { field: 'technician', operator: 'changedToAny' },
            templateName: 'technician_assigned',
            parameterMapping: {
              'body.1': { source: 'field', path: 'customer.name' },
              'body.2': { source: 'field', path: 'technician' },
              'body.3': { source: 'field', path: 'title' },
            },
          })
        )
      ).data;
      completedOnUpdate = (
        await rules(app).create(
          jobRule({
            name: 'Job completed',
            event: 'updated',
            condition: { field: 'stage', operator: 'changedTo', value: 'completed' },
            templateName: 'job_completed',
            parameterMapping: { 'body.1': { source: 'field', path: 'customer.name' }, 'body.2': { source: 'field', path: 'title' } },
          })
        )
      ).data;
    });

    const forJob = async (rule: any, documentId: string) =>
      (await messagesOf(app, rule.documentId)).filter((m: any) => m.sourceDocumentId === documentId);

    /** What the content manager's "Publish" button does: save the form, then publish. */
    const cmPublish = async (documentId: string, data: Record<string, unknown>) => {
      await docs(JOB).update({ documentId, data });
      await docs(JOB).publish({ documentId });
    };

    it('draft saves send nothing; the content manager publish (update + publish) sends once', async () => {
      const job = await docs(JOB).create({ data: { title: 'Revisión del horno', stage: 'requested', customer: world.customer.documentId, tenant: world.tenant.documentId } });
      await docs(JOB).update({ documentId: job.documentId, data: { stage: 'scheduled' } });
      await settle(app);
      expect(await forJob(scheduled, job.documentId)).toHaveLength(0);

      await cmPublish(job.documentId, { stage: 'scheduled', scheduledAt: '2026-10-12T08:30:00.000Z' });
      await settle(app);
      const sent = await forJob(scheduled, job.documentId);
      expect(sent).toHaveLength(1);
      expect(sent[0].customer.id).toBe(world.customer.id);
      expect(sent[0].templateParameters.body.slice(0, 2)).toEqual(['Ane', 'Revisión del horno']);

      // Re-publishing, with or without a save, is not a new transition.
      await cmPublish(job.documentId, { stage: 'scheduled' });
      await docs(JOB).publish({ documentId: job.documentId });
      await settle(app);
      expect(await forJob(scheduled, job.documentId)).toHaveLength(1);
      expect(await forJob(assigned, job.documentId)).toHaveLength(0);

      // A technician assigned and published: one message, and the stage rule stays quiet.
      await cmPublish(job.documentId, { technician: 'Mikel' });
      await docs(JOB).publish({ documentId: job.documentId });
      await settle(app);
      const assignedSent = await forJob(assigned, job.documentId);
      expect(assignedSent).toHaveLength(1);
      expect(assignedSent[0].templateParameters.body).toEqual(['Ane', 'Mikel', 'Revisión del horno']);
      expect(await forJob(scheduled, job.documentId)).toHaveLength(1);

      // Completed: an update of the published version.
      await cmPublish(job.documentId, { stage: 'completed' });
      await settle(app);
      expect(await forJob(completedOnUpdate, job.documentId)).toHaveLength(1);
    });

    it('create with status published sends once for "published", not for "updated"', async () => {
      const job = await docs(JOB).create({
        data: { title: 'Cambio de amasadora', stage: 'completed', technician: 'Ane', customer: world.customer.documentId, tenant: world.tenant.documentId },
        status: 'published',
      });
      await settle(app);
      expect(await forJob(assigned, job.documentId)).toHaveLength(1);
      expect(await forJob(completedOnUpdate, job.documentId)).toHaveLength(0);
      await docs(JOB).publish({ documentId: job.documentId });
      await settle(app);
      expect(await forJob(assigned, job.documentId)).toHaveLength(1);
    });

    it('update with status published counts as a publication', async () => {
      const job = await docs(JOB).create({ data: { title: 'Limpieza', stage: 'requested', customer: world.customer.documentId } });
      await docs(JOB).update({ documentId: job.documentId, data: { stage: 'scheduled' }, status: 'published' });
      await settle(app);
      expect(await forJob(scheduled, job.documentId)).toHaveLength(1);
    });

    it('concurrent publishes of one transition send once', async () => {
      const job = await docs(JOB).create({ data: { title: 'Horno 2', stage: 'requested', customer: world.customer.documentId } });
      await docs(JOB).publish({ documentId: job.documentId });
      await docs(JOB).update({ documentId: job.documentId, data: { stage: 'scheduled' } });
      // On PostgreSQL Strapi itself refuses some of the overlapping publishes (unique published
      // row per document); whichever succeed, the transition is sent once.
      const outcomes = await Promise.allSettled(Array.from({ length: 4 }, () => docs(JOB).publish({ documentId: job.documentId })));
      expect(outcomes.some((outcome) => outcome.status === 'fulfilled')).toBe(true);
      await settle(app);
      expect(await forJob(scheduled, job.documentId)).toHaveLength(1);
    });
  });

  describe('broken rules never break the write', () => {
    it('records a missing phone on the rule while the update succeeds', async () => {
      const rule = (await rules(app).create(poRule({ name: 'PO approved (no phone)' }))).data;
      const supplier = await docs(SUPPLIER).create({ data: { name: 'Sin Teléfono' } });
      const po = await docs(PO).create({ data: { poNumber: 'PO-NOPHONE', total: 5, currency: 'EUR', orderStatus: 'submitted', supplier: supplier.documentId } });
      const updated = await docs(PO).update({ documentId: po.documentId, data: { orderStatus: 'approved' } });
      expect(updated.orderStatus).toBe('approved');
      await settle(app);
      const row = await ruleRow(app, rule.documentId);
      expect(row.failedCount).toBeGreaterThanOrEqual(1);
      expect(row.lastError).toBe('recipient: supplier.phone is empty, so there is no phone number to send to');
      expect(row.recentRuns[0]).toMatchObject({ outcome: 'failed', documentId: po.documentId });
      await rules(app).remove(rule.documentId);
    });

    it('records a bad path in a rule edited by hand, and a template that is not approved', async () => {
      const broken = await app.strapi.documents(UID.automation).create({
        data: { ...poRule({ name: 'Hand-edited', recipientPath: 'supplier.fax' }), enabled: true } as any,
      });
      await app.strapi.db.query(UID.template).create({
        data: { name: 'po_pending', language: 'es', category: 'UTILITY', reviewStatus: 'PENDING', components: [{ type: 'BODY', text: 'Pedido {{1}}' }] },
      });
      const pending = (await rules(app).create(poRule({ name: 'Pending template', templateName: 'po_pending', parameterMapping: { 'body.1': { source: 'field', path: 'poNumber' } } })))
        .data;

      const po = await docs(PO).create({ data: { poNumber: 'PO-BROKEN', orderStatus: 'submitted', supplier: world.supplier.documentId } });
      const updated = await docs(PO).update({ documentId: po.documentId, data: { orderStatus: 'approved' } });
      expect(updated.orderStatus).toBe('approved');
      await settle(app);

      expect((await ruleRow(app, broken.documentId)).lastError).toMatch(/"fax" is not a field of Supplier/);
      expect((await ruleRow(app, pending.documentId)).lastError).toMatch(/po_pending \(es\) is PENDING, not APPROVED/);
      expect(await messagesOf(app, broken.documentId)).toHaveLength(0);
      await rules(app).remove(broken.documentId);
      await rules(app).remove(pending.documentId);
    });
  });
});
