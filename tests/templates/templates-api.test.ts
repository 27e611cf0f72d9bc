/**
 * Templates against the Cloud API sandbox over real HTTP: submit (lint first, then Meta), Meta's
 * refusals in plain words, sync (templates made in WhatsApp Manager appear, deleted ones are
 * marked, review results arrive), delete at Meta and here, usage statistics, list filters, RBAC.
 */
import { toMetaCreateBody } from '../../plugins/whatsapp/shared/templates';
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { UID } from '../../plugins/whatsapp/shared/uids';

const TEMPLATE_UID = UID.template;
const CM = `/content-manager/collection-types/${TEMPLATE_UID}`;

const draft = (name: string, patch: Record<string, unknown> = {}) => ({
  name,
  language: 'en',
  category: 'UTILITY',
  parameterFormat: 'POSITIONAL',
  headerFormat: 'TEXT',
  headerText: 'Order {{1}}',
  headerExample: 'A-1043',
  body: 'Hi {{1}}, your order {{2}} is ready for pickup at the shop.',
  bodyExamples: ['Lucy', 'A-1043'],
  footer: 'Panadería La Espiga',
  buttons: [
    { type: 'QUICK_REPLY', text: 'On my way' },
    { type: 'URL', text: 'Track order', url: 'https://shop.example.com/o/{{1}}', example: 'A-1043' },
  ],
  ...patch,
});

/** Waits for a condition driven by another party (the sandbox's review timer); no timing asserted. */
async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('templates API', () => {
  let app: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  // Drafts are written through the template form's route; the Content Manager only shows them.
  const createDraft = async (name: string, patch: Record<string, unknown> = {}) => {
    const res = await app.http.post('/whatsapp/templates').set(auth()).send(draft(name, patch));
    expect(res.status).toBe(201);
    return res.body.data.documentId as string;
  };
  const row = (documentId: string) => app.strapi.db.query(TEMPLATE_UID).findOne({ where: { documentId } });
  const atMeta = (name: string) => app.sandbox!.templates.filter((t) => t.name === name);

  beforeAll(async () => {
    app = await startTestApp({ sandbox: { approveDelayMs: 200 } });
    ({ token } = await createAdmin(app));
  });

  afterAll(async () => {
    await app?.stop();
  });

  describe('submit', () => {
    it('creates a draft through the form with status DRAFT', async () => {
      const documentId = await createDraft('cm_draft');
      expect(await row(documentId)).toMatchObject({ reviewStatus: 'DRAFT', metaTemplateId: null, bodyExamples: ['Lucy', 'A-1043'] });
    });

    it('refuses a draft that breaks Meta’s rules with 400 and findings tied to fields, without calling Meta', async () => {
      const documentId = await createDraft('broken_draft', {
        body: '{{1}} your order {{3}}',
        bodyExamples: ['Lucy'],
        footer: 'Thanks {{1}}',
      });
      const res = await app.http.post(`/whatsapp/templates/${documentId}/submit`).set(auth());
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('ValidationError');
      const paths = res.body.error.details.errors.map((e: any) => `${e.rule}@${e.path.join('.')}`);
      expect(paths).toEqual(
        expect.arrayContaining(['variable.leading@body', 'variable.sequence@body', 'variable.trailing@body', 'footer.variables@footer'])
      );
      expect(res.body.error.details.errors.every((e: any) => typeof e.message === 'string' && e.message.length > 10)).toBe(true);
      expect(atMeta('broken_draft')).toHaveLength(0);
      expect(await row(documentId)).toMatchObject({ reviewStatus: 'DRAFT', metaTemplateId: null });
    });

    it('submits a valid draft to Meta and stores Meta’s id with status PENDING', async () => {
      const documentId = await createDraft('order_ready_submit');
      const res = await app.http.post(`/whatsapp/templates/${documentId}/submit`).set(auth());
      expect(res.status).toBe(200);
      const [remote] = atMeta('order_ready_submit');
      expect(remote).toBeDefined();
      expect(res.body.data).toMatchObject({ documentId, status: 'PENDING', metaTemplateId: remote.id, lastError: null });
      // What reached Meta is exactly the shared conversion of the authoring fields.
      expect(remote.components).toEqual(toMetaCreateBody(draft('order_ready_submit')).components);

      const stored = await app.strapi.db.query(TEMPLATE_UID).findOne({ where: { documentId }, populate: { account: true } });
      expect(stored).toMatchObject({
        reviewStatus: 'PENDING',
        metaTemplateId: remote.id,
        templateKey: `${TEST_CREDENTIALS.businessAccountId}:order_ready_submit:en`,
        parameterCount: 4,
      });
      expect(stored.account.wabaId).toBe(TEST_CREDENTIALS.businessAccountId);
      expect(stored.components).toEqual(remote.components);

      const again = await app.http.post(`/whatsapp/templates/${documentId}/submit`).set(auth());
      expect(again.status).toBe(400);
      expect(again.body.error.message).toMatch(/already at Meta/);
      expect(atMeta('order_ready_submit')).toHaveLength(1);
    });

    it('shows Meta’s refusal in plain words and keeps it on the record', async () => {
      // Made in WhatsApp Manager under the same name and language: Meta answers 2388024.
      app.sandbox!.templates.push({
        id: '990000000000001',
        name: 'taken_name',
        language: 'en',
        category: 'UTILITY',
        status: 'APPROVED',
        components: [{ type: 'BODY', text: 'Hello from WhatsApp Manager.' }],
      });
      const documentId = await createDraft('taken_name');
      const res = await app.http.post(`/whatsapp/templates/${documentId}/submit`).set(auth());
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/already exists in this language at Meta/);
      expect(res.body.error.details.meta).toMatchObject({ code: 100, subcode: 2388024 });
      expect(JSON.stringify(res.body)).not.toContain(TEST_CREDENTIALS.accessToken);
      expect(await row(documentId)).toMatchObject({ reviewStatus: 'DRAFT', metaTemplateId: null, lastError: expect.stringMatching(/already exists/) });
    });

    it('answers 502 when Meta cannot be reached, and changes nothing', async () => {
      const documentId = await createDraft('unreachable_meta');
      app.sandbox!.injectFault({ kind: 'reset', path: 'message_templates', method: 'POST', count: 1 });
      const res = await app.http.post(`/whatsapp/templates/${documentId}/submit`).set(auth());
      expect(res.status).toBe(502);
      expect(res.body.error.message).toMatch(/could not be reached/);
      expect(await row(documentId)).toMatchObject({ reviewStatus: 'DRAFT', metaTemplateId: null });
    });

    it('shows a template in the content manager but refuses to write it there, pointing to the form', async () => {
      const documentId = await createDraft('cm_guarded');
      await app.http.post(`/whatsapp/templates/${documentId}/submit`).set(auth()).expect(200);
      // The sandbox's review ends first, so the record stays still while the test reads it back.
      await until(async () => (await row(documentId))?.reviewStatus === 'APPROVED', 'the review');
      const submitted = await row(documentId);

      const shown = await app.http.get(`${CM}/${documentId}`).set(auth());
      expect(shown.status).toBe(200);
      expect(shown.body.data).toMatchObject({ name: 'cm_guarded', footer: 'Panadería La Espiga' });

      // Saving the edit form unchanged (it sends every field back) changes nothing and is fine.
      const { id, documentId: _d, createdAt, updatedAt, publishedAt, createdBy, updatedBy, locale, localizations, ...asShown } = shown.body.data;
      const unchanged = await app.http.put(`${CM}/${documentId}`).set(auth()).send(asShown);
      expect([unchanged.status, unchanged.body.error]).toEqual([200, undefined]);

      // A changed field, or a Meta-managed one sent anyway (the schema hides it), is refused by name.
      const edited = await app.http.put(`${CM}/${documentId}`).set(auth()).send({ ...asShown, footer: 'New footer' });
      expect(edited.status).toBe(400);
      expect(edited.body.error.details.errors[0].path).toEqual(['footer']);
      expect(edited.body.error.message).toMatch(/template form \(WhatsApp → Templates\)/);
      const forged = await app.http.put(`${CM}/${documentId}`).set(auth()).send({ ...asShown, reviewStatus: 'DRAFT', metaTemplateId: null });
      expect(forged.status).toBe(400);
      expect(await row(documentId)).toMatchObject({
        footer: 'Panadería La Espiga',
        reviewStatus: 'APPROVED',
        metaTemplateId: submitted.metaTemplateId,
        templateKey: submitted.templateKey,
      });

      // Creating or duplicating one there is refused too: nothing is written.
      const before = await app.strapi.db.query(TEMPLATE_UID).count();
      const created = await app.http.post(CM).set(auth()).send(draft('cm_created'));
      expect(created.status).toBe(400);
      expect(created.body.error.message).toMatch(/template form/);
      const clone = await app.http.post(`${CM}/clone/${documentId}`).set(auth()).send({ name: 'cm_guarded_copy' });
      expect(clone.status).toBe(400);
      expect(await app.strapi.db.query(TEMPLATE_UID).count()).toBe(before);
    });

    it('answers 404 for an unknown template', async () => {
      const res = await app.http.post('/whatsapp/templates/doesnotexist123/submit').set(auth());
      expect(res.status).toBe(404);
    });
  });

  describe('sync', () => {
    it('brings in templates made in WhatsApp Manager with their authoring fields', async () => {
      app.sandbox!.templates.push({
        id: '990000000000002',
        name: 'made_in_manager',
        language: 'es',
        category: 'MARKETING',
        status: 'APPROVED',
        parameter_format: 'NAMED',
        components: [
          { type: 'BODY', text: 'Hola {{first_name}}, ¡tenemos pan recién hecho!', example: { body_text_named_params: [{ param_name: 'first_name', example: 'Lucía' }] } },
          { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Reservar' }] },
        ],
      });
      const res = await app.http.post('/whatsapp/templates/sync').set(auth());
      expect(res.status).toBe(200);
      const [result] = res.body.data.accounts;
      expect(result).toMatchObject({ account: { wabaId: TEST_CREDENTIALS.businessAccountId }, listed: app.sandbox!.templates.length });
      expect(result.error).toBeUndefined();

      const stored = await app.strapi.db.query(TEMPLATE_UID).findOne({ where: { name: 'made_in_manager' } });
      expect(stored).toMatchObject({
        language: 'es',
        category: 'MARKETING',
        reviewStatus: 'APPROVED',
        parameterFormat: 'NAMED',
        metaTemplateId: '990000000000002',
        headerFormat: 'NONE',
        body: 'Hola {{first_name}}, ¡tenemos pan recién hecho!',
        bodyExamples: { first_name: 'Lucía' },
        buttons: [{ type: 'QUICK_REPLY', text: 'Reservar' }],
        deletedAtMeta: false,
        parameterCount: 1,
      });

      // A second sync updates in place: no duplicates.
      const second = await app.http.post('/whatsapp/templates/sync').set(auth());
      expect(second.body.data.accounts[0].created).toBe(0);
      expect(await app.strapi.db.query(TEMPLATE_UID).count({ where: { name: 'made_in_manager' } })).toBe(1);
    });

    it('adopts an imported record of the same template instead of duplicating it, and leaves drafts alone', async () => {
      app.sandbox!.templates.push({
        id: '990000000000003',
        name: 'imported_once',
        language: 'en',
        category: 'UTILITY',
        status: 'APPROVED',
        components: [{ type: 'BODY', text: 'Your bread is ready.' }],
      });
      // e.g. written by a seed or an import, without Meta's id.
      const imported = await app.strapi.documents(TEMPLATE_UID).create({
        data: { name: 'imported_once', language: 'en', category: 'UTILITY', reviewStatus: 'APPROVED', body: 'old text' } as any,
      });
      const draft = await createDraft('imported_once', { language: 'en', body: 'An editor’s own {{1}} draft text here.', bodyExamples: ['x'] });
      await app.http.post('/whatsapp/templates/sync').set(auth()).expect(200);
      expect(await row(imported.documentId)).toMatchObject({ metaTemplateId: '990000000000003', body: 'Your bread is ready.' });
      expect(await row(draft)).toMatchObject({ reviewStatus: 'DRAFT', metaTemplateId: null, body: 'An editor’s own {{1}} draft text here.' });
      expect(await app.strapi.db.query(TEMPLATE_UID).count({ where: { name: 'imported_once' } })).toBe(2);
    });

    it('follows the review: PENDING after submit, APPROVED once Meta approves', async () => {
      const documentId = await createDraft('reviewed_later');
      await app.http.post(`/whatsapp/templates/${documentId}/submit`).set(auth()).expect(200);
      await until(() => atMeta('reviewed_later')[0]?.status === 'APPROVED', 'the sandbox to approve');
      await app.http.post('/whatsapp/templates/sync').set(auth()).expect(200);
      expect(await row(documentId)).toMatchObject({ reviewStatus: 'APPROVED', metaTemplateId: atMeta('reviewed_later')[0].id });
    });

    it('records Meta’s rejection reason and a recategorisation', async () => {
      const documentId = await createDraft('will_reject_this');
      await app.http.post(`/whatsapp/templates/${documentId}/submit`).set(auth()).expect(200);
      await until(() => atMeta('will_reject_this')[0]?.status === 'REJECTED', 'the sandbox to reject');
      atMeta('will_reject_this')[0].category = 'MARKETING';
      await app.http.post('/whatsapp/templates/sync').set(auth()).expect(200);
      expect(await row(documentId)).toMatchObject({
        reviewStatus: 'REJECTED',
        rejectionReason: 'INVALID_FORMAT',
        category: 'MARKETING',
        previousCategory: 'UTILITY',
      });
    });

    it('marks templates deleted in WhatsApp Manager', async () => {
      const before = await app.strapi.db.query(TEMPLATE_UID).findOne({ where: { name: 'made_in_manager' } });
      const index = app.sandbox!.templates.findIndex((t) => t.name === 'made_in_manager');
      app.sandbox!.templates.splice(index, 1);
      const res = await app.http.post('/whatsapp/templates/sync').set(auth());
      expect(res.body.data.accounts[0].markedDeleted).toBe(1);
      expect(await row(before.documentId)).toMatchObject({ deletedAtMeta: true, reviewStatus: 'DELETED', templateKey: null });
    });

    it('reports an account whose token Meta refuses, in plain words', async () => {
      app.sandbox!.injectFault({ kind: 'error', code: 190, status: 401, path: 'message_templates', method: 'GET', count: 1 });
      const res = await app.http.post('/whatsapp/templates/sync').set(auth());
      expect(res.status).toBe(200);
      expect(res.body.data.accounts[0].error).toMatch(/access token has expired or is invalid/);
    });
  });

  describe('status webhooks', () => {
    it('applies Meta’s approval webhook to the record, with no sync', async () => {
      const documentId = await createDraft('approved_by_webhook');
      await app.http.post(`/whatsapp/templates/${documentId}/submit`).set(auth()).expect(200);
      expect((await row(documentId)).reviewStatus).toBe('PENDING');
      await until(async () => (await row(documentId)).reviewStatus === 'APPROVED', 'the signed status webhook to be applied');
      const delivery = () =>
        app.sandbox!.webhookDeliveries.find((d) => d.payload?.entry?.[0]?.changes?.[0]?.value?.message_template_name === 'approved_by_webhook');
      await until(() => delivery() !== undefined, 'the sandbox to record its delivery');
      expect(delivery()).toMatchObject({ status: 200, payload: { entry: [{ changes: [{ field: 'message_template_status_update' }] }] } });
      const res = await app.http.get(`/whatsapp/templates/${documentId}`).set(auth());
      expect(res.body.data).toMatchObject({ status: 'APPROVED', rejectionReason: null });
    });

    it('applies a rejection with its reason, shown by the template route', async () => {
      const documentId = await createDraft('reject_by_webhook');
      await app.http.post(`/whatsapp/templates/${documentId}/submit`).set(auth()).expect(200);
      await until(async () => (await row(documentId)).reviewStatus === 'REJECTED', 'the rejection webhook to be applied');
      const res = await app.http.get(`/whatsapp/templates/${documentId}`).set(auth());
      expect(res.body.data).toMatchObject({ status: 'REJECTED', rejectionReason: expect.stringContaining('INVALID_FORMAT') });
    });

    it('applies a recategorisation webhook (category and previous category)', async () => {
      const documentId = await createDraft('recategorised_by_meta');
      const submitted = (await app.http.post(`/whatsapp/templates/${documentId}/submit`).set(auth()).expect(200)).body.data;
      const payload = {
        object: 'whatsapp_business_account',
        entry: [
          {
            id: TEST_CREDENTIALS.businessAccountId,
            time: Math.floor(Date.now() / 1000),
            changes: [
              {
                field: 'template_category_update',
                value: {
                  message_template_id: Number(submitted.metaTemplateId),
                  message_template_name: 'recategorised_by_meta',
                  message_template_language: 'en',
                  previous_category: 'UTILITY',
                  new_category: 'MARKETING',
                },
              },
            ],
          },
        ],
      };
      expect((await app.sandbox!.sendWebhook(payload)).status).toBe(200);
      await until(async () => (await row(documentId)).category === 'MARKETING', 'the category webhook to be applied');
      const res = await app.http.get(`/whatsapp/templates/${documentId}`).set(auth());
      expect(res.body.data).toMatchObject({ category: 'MARKETING', previousCategory: 'UTILITY' });
    });
  });

  describe('delete', () => {
    it('deletes the template at Meta and here', async () => {
      const documentId = await createDraft('to_be_deleted');
      await app.http.post(`/whatsapp/templates/${documentId}/submit`).set(auth()).expect(200);
      expect(atMeta('to_be_deleted')).toHaveLength(1);
      const res = await app.http.delete(`/whatsapp/templates/${documentId}`).set(auth());
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ documentId, deletedAtMeta: true });
      expect(atMeta('to_be_deleted')).toHaveLength(0);
      expect(await row(documentId)).toBeNull();

      // The audit log holds both: who submitted it and who deleted it, before → after.
      const audit = await app.http.get(`/whatsapp/audit?subjectType=template&subjectId=${documentId}`).set(auth());
      expect(audit.status).toBe(200);
      expect(audit.body.data.map((entry: any) => [entry.action, entry.subject.label, entry.before, entry.after])).toEqual([
        ['template.deleted', 'to_be_deleted (en)', { reviewStatus: expect.any(String), metaTemplateId: expect.any(String) }, { deletedAtMeta: true }],
        ['template.submitted', 'to_be_deleted (en)', { reviewStatus: 'DRAFT' }, { reviewStatus: 'PENDING', metaTemplateId: expect.any(String), category: 'UTILITY' }],
      ]);
      expect(audit.body.data[0].actor).toMatchObject({ name: expect.any(String) });
    });

    it('deletes only the language version it stands for', async () => {
      const en = await createDraft('two_languages');
      const es = await createDraft('two_languages', { language: 'es' });
      await app.http.post(`/whatsapp/templates/${en}/submit`).set(auth()).expect(200);
      await app.http.post(`/whatsapp/templates/${es}/submit`).set(auth()).expect(200);
      await app.http.delete(`/whatsapp/templates/${en}`).set(auth()).expect(200);
      expect(atMeta('two_languages').map((t) => t.language)).toEqual(['es']);
    });

    it('still deletes here when the template is already gone at Meta', async () => {
      const documentId = await createDraft('gone_at_meta');
      await app.http.post(`/whatsapp/templates/${documentId}/submit`).set(auth()).expect(200);
      app.sandbox!.templates.splice(app.sandbox!.templates.findIndex((t) => t.name === 'gone_at_meta'), 1);
      const res = await app.http.delete(`/whatsapp/templates/${documentId}`).set(auth());
      expect(res.status).toBe(200);
      expect(res.body.data.deletedAtMeta).toBe(false);
      expect(await row(documentId)).toBeNull();
    });

    it('deletes a draft that never reached Meta', async () => {
      const documentId = await createDraft('never_sent');
      await app.http.delete(`/whatsapp/templates/${documentId}`).set(auth()).expect(200);
      expect(await row(documentId)).toBeNull();
    });
  });

  describe('list and statistics', () => {
    it('counts sent, delivered, read and failed messages per template', async () => {
      const documentId = await createDraft('stats_template');
      const template = await row(documentId);
      const message = (status: string, patch: Record<string, unknown> = {}) =>
        app.strapi.db.query(UID.message).create({
          data: { direction: 'outbound', type: 'template', deliveryStatus: status, templateName: 'stats_template', templateLanguage: 'en', ...patch },
        });
      await message('sent');
      await message('delivered');
      await message('read');
      await message('read', { templateName: null, templateLanguage: null, template: template.id }); // by relation only
      await message('failed');
      await message('read', { templateLanguage: 'es' }); // another language: not this template
      await message('read', { direction: 'inbound' }); // inbound never counts

      const res = await app.http.get(`/whatsapp/templates/${documentId}/stats`).set(auth());
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({ documentId, name: 'stats_template', language: 'en', total: 5, sent: 4, delivered: 3, read: 2, failed: 1 });

      const list = await app.http.get('/whatsapp/templates').query({ q: 'stats_template' }).set(auth());
      expect(list.body.data).toHaveLength(1);
      expect(list.body.data[0].stats).toEqual({ total: 5, sent: 4, delivered: 3, read: 2, failed: 1 });
    });

    it('filters by status and language and paginates', async () => {
      const drafts = await app.http.get('/whatsapp/templates').query({ status: 'DRAFT', pageSize: 2 }).set(auth());
      expect(drafts.status).toBe(200);
      expect(drafts.body.data).toHaveLength(2);
      expect(drafts.body.data.every((t: any) => t.status === 'DRAFT')).toBe(true);
      const total = await app.strapi.db.query(TEMPLATE_UID).count({ where: { reviewStatus: 'DRAFT' } });
      expect(drafts.body.meta.pagination).toEqual({ page: 1, pageSize: 2, total, pageCount: Math.ceil(total / 2) });
      expect(drafts.body.data[0]).not.toHaveProperty('templateKey');

      const spanish = await app.http.get('/whatsapp/templates').query({ language: 'es' }).set(auth());
      expect(spanish.body.data.length).toBeGreaterThan(0);
      expect(spanish.body.data.every((t: any) => t.language === 'es')).toBe(true);
    });

    it('rejects bad query parameters with 400', async () => {
      const res = await app.http.get('/whatsapp/templates').query({ status: 'approved-ish', pageSize: 1000 }).set(auth());
      expect(res.status).toBe(400);
      expect(res.body.error.details.errors.map((e: any) => e.path[0]).sort()).toEqual(['pageSize', 'status']);
    });
  });

  describe('permissions', () => {
    it('requires an admin session', async () => {
      expect((await app.http.get('/whatsapp/templates')).status).toBe(401);
      expect((await app.http.post('/whatsapp/templates/sync')).status).toBe(401);
    });

    it('needs templates-manage to submit, sync or delete, and templates-read to list', async () => {
      const editor = await createAdmin(app, { roleCode: 'strapi-editor', email: 'editor@example.com' });
      const as = { Authorization: `Bearer ${editor.token}` };
      const documentId = await createDraft('rbac_template');
      expect((await app.http.get('/whatsapp/templates').set(as)).status).toBe(403);
      expect((await app.http.post('/whatsapp/templates/sync').set(as)).status).toBe(403);
      expect((await app.http.post(`/whatsapp/templates/${documentId}/submit`).set(as)).status).toBe(403);
      expect((await app.http.delete(`/whatsapp/templates/${documentId}`).set(as)).status).toBe(403);
    });
  });
});
