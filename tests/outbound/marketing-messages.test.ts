/**
 * Marketing templates through Meta's Marketing Messages API (docs/marketing-messages.md): the
 * route decided on the template's category at send time and the account's switch, 131049 never
 * retried, the marketing opt-out on both routes, and template_category_update acted upon
 * (template, flagged automation rules, opted-out customers skipped by a rule).
 */
import type { SandboxTemplate } from '../../plugins/whatsapp/sandbox';
import { UID } from '../../plugins/whatsapp/shared/uids';
import { deliver, envelope } from '../inbound/helpers';
import { JOB, jobRule, ruleRow, rules, seedWorld, settle, DEMO_TEMPLATES } from '../automations/helpers';
import {
  ALL_ACTIONS,
  apiToken,
  createCustomer,
  findMessage,
  MESSAGE,
  seedTemplates,
  service,
  startOutboundApp,
  TEMPLATES,
  TEST_CREDENTIALS,
  type TestApp,
} from './helpers';

const MM_TEMPLATES: SandboxTemplate[] = [
  { name: 'mm_promo', language: 'en_US', category: 'MARKETING', components: [{ type: 'BODY', text: 'This week: {{1}} off.' }] },
  { name: 'mm_notice', language: 'en_US', category: 'UTILITY', components: [{ type: 'BODY', text: 'Your order {{1}} shipped.' }] },
];

describe('Marketing Messages API', () => {
  let app: TestApp;
  let token: string;
  let master: any;
  let sequence = 0;
  const nextPhone = () => {
    sequence += 1;
    return `+34600777${String(sequence).padStart(3, '0')}`;
  };

  beforeAll(async () => {
    app = await startOutboundApp({ sandbox: { templates: [...TEMPLATES, ...MM_TEMPLATES, ...DEMO_TEMPLATES] } });
    await seedTemplates(app, [...MM_TEMPLATES, ...DEMO_TEMPLATES]);
    token = await apiToken(app, ALL_ACTIONS);
    master = await app.strapi.db.query(UID.businessAccount).findOne({ where: { isMaster: true } });
  });

  afterAll(async () => {
    await app?.stop();
  });

  beforeEach(async () => {
    app.sandbox!.reset();
    await app.strapi.db.query(MESSAGE).updateMany({ where: { direction: 'outbound', deliveryStatus: { $in: ['queued', 'sending'] } }, data: { deliveryStatus: 'failed' } });
    await app.strapi.db.query(UID.businessAccount).update({ where: { id: master.id }, data: { marketingMessagesEnabled: false } });
    await app.strapi.db.query(UID.template).updateMany({ where: { name: 'mm_notice' }, data: { category: 'UTILITY', previousCategory: null } });
  });

  const outbox = () => service(app, 'outbox');
  const template = (name: string, to = nextPhone()) => ({ to, type: 'template', template: { name, language: 'en_US', body: ['X'] } });
  const send = async (body: Record<string, unknown>) => {
    const res = await app.http.post('/api/whatsapp/messages').set('Authorization', `Bearer ${token}`).send(body);
    expect(res.status).toBe(202);
    return res.body.data as { documentId: string; customerPhone: string };
  };
  const sentTo = (phone: string) => app.sandbox!.sent.filter((s) => s.to === phone);
  const switchOn = async () => {
    // Through the admin service, as the Settings page does: audited as account.updated.
    await service(app, 'account-admin').update(master.documentId, { marketingMessagesEnabled: true });
    app.sandbox!.setMarketingMessages(true);
  };
  const categoryUpdate = (value: Record<string, unknown>) =>
    deliver(app, envelope(TEST_CREDENTIALS.businessAccountId, [{ field: 'template_category_update', value }], Math.floor(Date.now() / 1000)));

  it('MARKETING goes to /messages while the account is not switched on (the sandbox refuses /marketing_messages then)', async () => {
    const message = await send(template('mm_promo'));
    await outbox().drain();
    expect(await findMessage(app, message.documentId)).toMatchObject({ deliveryStatus: 'accepted' });
    expect(sentTo(message.customerPhone).map((s) => s.endpoint)).toEqual(['messages']);

    const refused = await fetch(`${app.sandbox!.url}/v25.0/${TEST_CREDENTIALS.phoneNumberId}/marketing_messages`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TEST_CREDENTIALS.accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', to: nextPhone(), type: 'template', template: { name: 'mm_promo', language: { code: 'en_US' } } }),
    });
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.error_data.details).toMatch(/not onboarded to the Marketing Messages API/);
  });

  it('MARKETING goes to /marketing_messages only when enabled; UTILITY stays on /messages; the switch is audited', async () => {
    await switchOn();
    const promo = await send(template('mm_promo'));
    const notice = await send(template('mm_notice'));
    await outbox().drain();
    expect(await findMessage(app, promo.documentId)).toMatchObject({ deliveryStatus: 'accepted' });
    expect(await findMessage(app, notice.documentId)).toMatchObject({ deliveryStatus: 'accepted' });
    expect(sentTo(promo.customerPhone).map((s) => s.endpoint)).toEqual(['marketing_messages']);
    expect(sentTo(notice.customerPhone).map((s) => s.endpoint)).toEqual(['messages']);

    const audit = await app.strapi.db.query(UID.auditEntry).findMany({ where: { action: 'account.updated', subjectDocumentId: master.documentId }, orderBy: { id: 'desc' } });
    expect(audit[0]).toMatchObject({ valuesBefore: { marketingMessagesEnabled: false }, valuesAfter: { marketingMessagesEnabled: true } });
    const listed = await service(app, 'account-admin').list();
    expect(listed.find((a: any) => a.id === master.documentId).marketingMessagesEnabled).toBe(true);
  });

  it('a recategorised template changes route: UTILITY → MARKETING (template_category_update) goes to /marketing_messages', async () => {
    await switchOn();
    const before = await send(template('mm_notice'));
    await outbox().drain();
    expect(sentTo(before.customerPhone).map((s) => s.endpoint)).toEqual(['messages']);

    // Queued as UTILITY, recategorised before the worker sends it: the category at send time wins.
    const queued = await send(template('mm_notice'));
    await categoryUpdate({ message_template_name: 'mm_notice', message_template_language: 'en_US', previous_category: 'UTILITY', new_category: 'MARKETING' });
    app.sandbox!.templates.find((t) => t.name === 'mm_notice')!.category = 'MARKETING';
    expect(await app.strapi.db.query(UID.template).findOne({ where: { name: 'mm_notice' } })).toMatchObject({ category: 'MARKETING', previousCategory: 'UTILITY' });
    await outbox().drain();
    expect(await findMessage(app, queued.documentId)).toMatchObject({ deliveryStatus: 'accepted' });
    expect(sentTo(queued.customerPhone).map((s) => s.endpoint)).toEqual(['marketing_messages']);
  });

  it.each(['messages', 'marketing_messages'] as const)('131049 (per-user marketing limit) on /%s fails at once, never retried', async (endpoint) => {
    if (endpoint === 'marketing_messages') await switchOn();
    app.sandbox!.injectFault({ kind: 'error', status: 400, code: 131049, path: `/${TEST_CREDENTIALS.phoneNumberId}/${endpoint}`, method: 'POST', count: 1 });
    const message = await send(template('mm_promo'));
    await outbox().drain();
    // The fault fired once: a retry would now be accepted. Made due and drained again, nothing goes.
    await app.strapi.db.query(MESSAGE).update({ where: { documentId: message.documentId }, data: { nextAttemptAt: new Date() } });
    await outbox().drain();
    const row = await findMessage(app, message.documentId);
    expect(row).toMatchObject({ deliveryStatus: 'failed', attempts: 1, errorCode: 131049 });
    expect(row.errorDetails).toMatch(/Do not retry within 24 hours|ecosystem/);
    expect(sentTo(message.customerPhone)).toHaveLength(0);
  });

  it.each([false, true])('the marketing opt-out (user_preferences stop after queueing) is respected, account switched on: %s', async (on) => {
    if (on) await switchOn();
    const phone = nextPhone();
    const waId = phone.replace(/\D/g, '');
    const customer = await createCustomer(app, { phone, waId });
    const message = await send({ customer: customer.documentId, type: 'template', template: { name: 'mm_promo', language: 'en_US', body: ['X'] } });
    await deliver(
      app,
      envelope(TEST_CREDENTIALS.businessAccountId, [
        {
          field: 'user_preferences',
          value: {
            messaging_product: 'whatsapp',
            metadata: { display_phone_number: TEST_CREDENTIALS.displayPhoneNumber, phone_number_id: TEST_CREDENTIALS.phoneNumberId },
            contacts: [{ wa_id: waId, profile: { name: 'Ane' } }],
            user_preferences: [{ wa_id: waId, detail: 'User requested to stop marketing messages', category: 'marketing_messages', value: 'stop', timestamp: Math.floor(Date.now() / 1000) }],
          },
        },
      ])
    );
    expect(await app.strapi.db.query(UID.customer).findOne({ where: { id: customer.id } })).toMatchObject({ marketingOptOut: true });
    await outbox().drain();
    const row = await findMessage(app, message.documentId);
    expect(row).toMatchObject({ deliveryStatus: 'failed', errorTitle: 'The customer opted out of marketing messages' });
    expect(app.sandbox!.sent).toHaveLength(0);

    // And a new send is refused before queueing, on either route.
    const res = await app.http
      .post('/api/whatsapp/messages')
      .set('Authorization', `Bearer ${token}`)
      .send({ customer: customer.documentId, type: 'template', template: { name: 'mm_promo', language: 'en_US', body: ['X'] } });
    expect(res.status).toBe(422);
    expect(res.body.error.details.reason).toBe('marketing_opt_out');
  });

  describe('category changes acted upon', () => {
    let world: Awaited<ReturnType<typeof seedWorld>>;
    beforeAll(async () => {
      world = await seedWorld(app);
    });

    it('template_category_update updates the template, flags the rules that send it, and the rule skips customers who opted out of marketing', async () => {
      const created = await rules(app).create(jobRule({ name: `Job scheduled ${Date.now()}` }));
      const rule = created.data;
      // Same template name, another language: another template, not flagged.
      const other = (await rules(app).create(jobRule({ name: `Other ${Date.now()}`, language: 'en' }))).data;
      expect(rule.templateCategoryChange ?? null).toBeNull();

      // Meta's 24-hour notice: the template stays UTILITY, says what it becomes; the rule is flagged.
      await categoryUpdate({
        message_template_id: 778899,
        message_template_name: 'job_scheduled',
        message_template_language: 'es',
        correct_category: 'MARKETING',
        new_category: 'UTILITY',
        category_update_timestamp: Math.floor(Date.now() / 1000) + 86400,
      });
      let template = await app.strapi.db.query(UID.template).findOne({ where: { name: 'job_scheduled', language: 'es' } });
      expect(template).toMatchObject({ category: 'UTILITY' });
      expect(template.lastError).toMatch(/will recategorise this template to MARKETING/);
      expect((await ruleRow(app, rule.documentId)).templateCategoryChange).toMatchObject({ from: 'UTILITY', to: 'MARKETING', pending: true });

      // The change made: category, previousCategory; the rule's flag now says it happened.
      await categoryUpdate({ message_template_id: 778899, message_template_name: 'job_scheduled', message_template_language: 'es', previous_category: 'UTILITY', new_category: 'MARKETING' });
      template = await app.strapi.db.query(UID.template).findOne({ where: { name: 'job_scheduled', language: 'es' } });
      expect(template).toMatchObject({ category: 'MARKETING', previousCategory: 'UTILITY' });
      const listed = (await rules(app).list()) as any[];
      expect(listed.find((r) => r.documentId === rule.documentId).templateCategoryChange).toMatchObject({ from: 'UTILITY', to: 'MARKETING', pending: false });
      expect(listed.find((r) => r.documentId === other.documentId).templateCategoryChange ?? null).toBeNull();

      // The rule would now send a MARKETING template to a customer who stopped marketing: skipped.
      await app.strapi.db.query(UID.customer).update({ where: { id: world.customer.id }, data: { marketingOptOut: true } });
      const docs = app.strapi.documents(JOB as any);
      const job = await docs.create({ data: { title: 'Revisión del horno', stage: 'requested', customer: world.customer.documentId, tenant: world.tenant.documentId } as any });
      await docs.update({ documentId: job.documentId, data: { stage: 'scheduled' } as any });
      await docs.publish({ documentId: job.documentId });
      await settle(app);
      const row = await ruleRow(app, rule.documentId);
      expect(row.recentRuns[0]).toMatchObject({ outcome: 'skipped', documentId: job.documentId });
      expect(row.recentRuns[0].error).toMatch(/opted out of marketing messages.*job_scheduled \(es\) is a MARKETING template/);
      expect(row.failedCount ?? 0).toBe(0);
      expect(await app.strapi.db.query(MESSAGE).count({ where: { automation: { id: row.id } } })).toBe(0);

      // Saving the rule again (reviewed) clears the flag.
      const saved = await rules(app).update(rule.documentId, jobRule({ name: rule.name }));
      expect(saved.data.templateCategoryChange ?? null).toBeNull();
    });
  });
});
