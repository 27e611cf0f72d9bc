/**
 * Management webhooks onto records: template review status, category and quality; phone number
 * quality and messaging tier; account_update kept on the event.
 */
import { startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { deliver, envelope, query } from './helpers';

const WABA = TEST_CREDENTIALS.businessAccountId;

describe('management webhooks', () => {
  let app: TestApp;
  let master: any;

  beforeAll(async () => {
    app = await startTestApp();
    master = await query(app, 'business-account').findOne({ where: { isMaster: true } });
    await query(app, 'phone-number').update({ where: { phoneNumberId: TEST_CREDENTIALS.phoneNumberId }, data: { displayPhoneNumber: TEST_CREDENTIALS.displayPhoneNumber } });
  });

  afterAll(async () => {
    await app?.stop();
  });

  const template = (data: Record<string, unknown>) =>
    query(app, 'template').create({ data: { language: 'es', category: 'UTILITY', reviewStatus: 'PENDING', body: 'Hola {{1}}', account: master.id, ...data } });

  const manage = (field: string, value: Record<string, unknown>) => deliver(app, envelope(WABA, [{ field, value }], Math.floor(Date.now() / 1000)));

  const lastEvent = async () => (await query(app, 'webhook-event').findMany({ orderBy: { id: 'desc' }, limit: 1 }))[0];

  it('message_template_status_update APPROVED by Meta template id', async () => {
    const t = await template({ name: 'po_notification', metaTemplateId: '1689556908129832', rejectionReason: 'old' });
    await manage('message_template_status_update', {
      event: 'APPROVED',
      message_template_id: 1689556908129832,
      message_template_name: 'po_notification',
      message_template_language: 'es',
      reason: 'NONE',
      message_template_category: 'UTILITY',
    });
    expect(await query(app, 'template').findOne({ where: { id: t.id } })).toMatchObject({ reviewStatus: 'APPROVED', rejectionReason: null });
  });

  it('REJECTED with its reason, matched by name and language when the Meta id is not stored yet', async () => {
    const t = await template({ name: 'spring_sale' });
    const other = await template({ name: 'spring_sale', language: 'en' });
    await manage('message_template_status_update', {
      event: 'REJECTED',
      message_template_id: 555000111,
      message_template_name: 'spring_sale',
      message_template_language: 'es',
      reason: 'INCORRECT_CATEGORY',
      message_template_category: 'MARKETING',
      rejection_info: { reason: 'INCORRECT_CATEGORY', recommendation: 'Use the MARKETING category.' },
    });
    const rejected = await query(app, 'template').findOne({ where: { id: t.id } });
    expect(rejected).toMatchObject({ reviewStatus: 'REJECTED', metaTemplateId: '555000111', category: 'MARKETING' });
    expect(rejected.rejectionReason).toMatch(/INCORRECT_CATEGORY/);
    expect(rejected.rejectionReason).toMatch(/Use the MARKETING category/);
    expect(await query(app, 'template').findOne({ where: { id: other.id } })).toMatchObject({ reviewStatus: 'PENDING' });
  });

  it('PAUSED keeps the pause information', async () => {
    const t = await template({ name: 'weekly_offer', metaTemplateId: '777', reviewStatus: 'APPROVED' });
    await manage('message_template_status_update', {
      event: 'PAUSED',
      message_template_id: 777,
      message_template_name: 'weekly_offer',
      message_template_language: 'es',
      reason: 'NONE',
      other_info: { title: 'FIRST_PAUSE', description: 'Paused for 3 hours because of low quality.' },
    });
    const paused = await query(app, 'template').findOne({ where: { id: t.id } });
    expect(paused.reviewStatus).toBe('PAUSED');
    expect(paused.lastError).toMatch(/FIRST_PAUSE/);
  });

  it('template_category_update stores the new and previous category', async () => {
    const t = await template({ name: 'order_update', metaTemplateId: '888', category: 'UTILITY' });
    await manage('template_category_update', {
      message_template_id: 888,
      message_template_name: 'order_update',
      message_template_language: 'es',
      previous_category: 'UTILITY',
      new_category: 'MARKETING',
    });
    expect(await query(app, 'template').findOne({ where: { id: t.id } })).toMatchObject({ category: 'MARKETING', previousCategory: 'UTILITY' });
  });

  it('message_template_quality_update stores the quality score', async () => {
    const t = await template({ name: 'reminder', metaTemplateId: '999' });
    await manage('message_template_quality_update', {
      previous_quality_score: 'GREEN',
      new_quality_score: 'YELLOW',
      message_template_id: 999,
      message_template_name: 'reminder',
      message_template_language: 'es',
    });
    expect(await query(app, 'template').findOne({ where: { id: t.id } })).toMatchObject({ qualityScore: 'YELLOW' });
  });

  it('a template Strapi does not have is noted on the event, not an error', async () => {
    await manage('message_template_status_update', { event: 'APPROVED', message_template_id: 1, message_template_name: 'nope', message_template_language: 'en', reason: 'NONE' });
    const event = await lastEvent();
    expect(event.processingStatus).toBe('processed');
    expect(event.outcome.notes.join(' ')).toMatch(/nope/);
  });

  it('phone_number_quality_update stores the messaging tier and flags', async () => {
    await manage('phone_number_quality_update', {
      display_phone_number: TEST_CREDENTIALS.displayPhoneNumber.replace(/\D/g, ''),
      event: 'THROUGHPUT_UPGRADE',
      max_daily_conversations_per_business: 'TIER_10K',
    });
    expect(await query(app, 'phone-number').findOne({ where: { phoneNumberId: TEST_CREDENTIALS.phoneNumberId } })).toMatchObject({ messagingLimitTier: 'TIER_10K' });

    await manage('phone_number_quality_update', { display_phone_number: TEST_CREDENTIALS.displayPhoneNumber.replace(/\D/g, ''), event: 'FLAGGED', current_limit: 'TIER_2K' });
    expect(await query(app, 'phone-number').findOne({ where: { phoneNumberId: TEST_CREDENTIALS.phoneNumberId } })).toMatchObject({ qualityRating: 'RED', messagingLimitTier: 'TIER_2K' });
  });

  it('account_update is kept on the event for admins', async () => {
    await manage('account_update', { phone_number: '34600000001', event: 'ACCOUNT_VIOLATION', violation_info: { violation_type: 'SCAM' } });
    const event = await lastEvent();
    expect(event).toMatchObject({ processingStatus: 'processed', fields: 'account_update', wabaId: WABA });
    expect(event.outcome.notes.join(' ')).toMatch(/account_update ACCOUNT_VIOLATION/);
    expect(JSON.parse(event.rawBody).entry[0].changes[0].value.violation_info.violation_type).toBe('SCAM');
  });
});
