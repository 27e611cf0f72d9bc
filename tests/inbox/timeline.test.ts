/**
 * GET /whatsapp/customers/:documentId/timeline: newest at the bottom, keyset pages backwards on
 * (occurredAt, id), every message type with its media, reply quote, reactions, author, automation
 * source, plain-words error, and the 24-hour window per business number. WhatsApp text comes back
 * exactly as received (rendering it as text is the admin's job, tested in e2e).
 */
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { customer, HOUR, limitedAdmin, message, phoneNumber, tenant } from './fixtures';
import { UID } from '../../plugins/whatsapp/shared/uids';
import { ACTIONS } from '../../plugins/whatsapp/shared/permissions';

describe('inbox: customer timeline', () => {
  let app: TestApp;
  let token: string;
  const now = Date.now();
  const ago = (hours: number) => new Date(now - hours * HOUR);
  let n1: any;
  let n2: any;
  let shop: any;
  let ana: any;
  const seeded: any[] = [];
  const timeline = (documentId: string, query: Record<string, string> = {}) =>
    app.http.get(`/whatsapp/customers/${documentId}/timeline`).query(query).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    app = await startTestApp();
    token = (await createAdmin(app)).token;
    n1 = await phoneNumber(app, TEST_CREDENTIALS.phoneNumberId, TEST_CREDENTIALS.displayPhoneNumber);
    n2 = await phoneNumber(app, '100000000000002', '+34 600 000 002');
    shop = await tenant(app, 'Bakery', n1);
    ana = await customer(app, { name: 'Ana', phone: '+34600111222', tenant: shop });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('returns 404 for an unknown customer and an empty timeline for a silent one', async () => {
    expect((await timeline('nope')).status).toBe(404);
    const res = await timeline(ana.documentId);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ customer: { documentId: ana.documentId, name: 'Ana' }, messages: [], windows: [], unread: 0 });
    expect(res.body.meta).toMatchObject({ hasMore: false, nextCursor: null });
  });

  it('pages backwards with a cursor, oldest first within a page, ties broken by id', async () => {
    // 7 messages; three share one timestamp, so a time-only cursor would skip or repeat some.
    const tie = ago(20);
    const times = [ago(30), ago(25), tie, tie, tie, ago(15), ago(10)];
    for (const [i, at] of times.entries()) {
      seeded.push(await message(app, { number: n1, customer: ana, tenant: shop, direction: i % 2 ? 'outbound' : 'inbound', at, body: `m${i}` }));
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    const pages: string[][] = [];
    do {
      const res = await timeline(ana.documentId, { limit: '3', ...(cursor ? { before: cursor } : {}) });
      expect(res.status).toBe(200);
      const bodies = res.body.data.messages.map((m: any) => m.body);
      pages.push(bodies);
      seen.unshift(...bodies);
      cursor = res.body.meta.nextCursor ?? undefined;
      expect(res.body.meta.hasMore).toBe(Boolean(cursor));
    } while (cursor);
    expect(pages[0]).toEqual(['m4', 'm5', 'm6']);
    expect(seen).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6']);
  });

  it('reports the 24-hour window per business number from the last inbound message', async () => {
    const res = await timeline(ana.documentId);
    const [window] = res.body.data.windows;
    // m6 (10 h ago) is inbound: open for 14 more hours.
    expect(window).toMatchObject({ phoneNumberId: n1.phoneNumberId, displayPhoneNumber: TEST_CREDENTIALS.displayPhoneNumber, open: true });
    expect(new Date(window.windowOpenUntil).getTime()).toBe(new Date(seeded[6].occurredAt).getTime() + 24 * HOUR);

    // On number 2 Ana wrote 30 hours ago: that window is closed.
    await message(app, { number: n2, customer: ana, direction: 'inbound', at: ago(30), body: 'other shop' });
    const both = await timeline(ana.documentId);
    const other = both.body.data.windows.find((w: any) => w.phoneNumberId === n2.phoneNumberId);
    expect(other).toMatchObject({ open: false, displayPhoneNumber: '+34 600 000 002' });
    const only2 = await timeline(ana.documentId, { phoneNumberId: n2.phoneNumberId });
    expect(only2.body.data.messages.map((m: any) => m.body)).toEqual(['other shop']);
    expect(only2.body.data.windows).toHaveLength(1);
  });

  it('includes messages logged before the customer existed (same conversation key)', async () => {
    await message(app, { number: n1, waId: ana.waId, direction: 'inbound', at: ago(40), body: 'before I was a customer' });
    const res = await timeline(ana.documentId, { limit: '100' });
    expect(res.body.data.messages[0].body).toBe('before I was a customer');
  });

  it('shows media, reply quotes, reactions, author, automation and failures in plain words', async () => {
    const file = await app.strapi.db.query('plugin::upload.file').create({
      data: { name: 'bread.jpg', hash: 'bread_hash', ext: '.jpg', mime: 'image/jpeg', size: 12.5, url: '/uploads/bread_hash.jpg', provider: 'local' },
    });
    const photo = await message(app, {
      number: n1, customer: ana, direction: 'inbound', at: ago(5), type: 'image', body: null, caption: 'this one?',
      media: file.id, mediaId: 'media-1', mediaMimeType: 'image/jpeg', mediaStatus: 'downloaded',
      reactions: [{ emoji: '❤️', from: 'customer', at: ago(4.5).toISOString() }],
    });
    const rule = await app.strapi.db.query(UID.automation).create({
      data: { name: 'Order ready', contentType: 'api::job.job', event: 'update', recipientPath: 'customer', templateName: 'order_ready' },
    });
    const reply = await message(app, {
      number: n1, customer: ana, direction: 'outbound', at: ago(4), body: 'Yes, fresh today', deliveryStatus: 'read',
      contextWamid: photo.wamid, authorId: 7, authorName: 'Maite Agent', readAt: ago(3.9),
    });
    await message(app, { number: n1, customer: ana, direction: 'outbound', at: ago(3.8), type: 'reaction', body: null, reactionEmoji: '👍', contextWamid: photo.wamid });
    const automated = await message(app, {
      number: n1, customer: ana, direction: 'outbound', at: ago(3), type: 'template', body: null, templateName: 'order_ready',
      templateLanguage: 'en', templateParameters: { body: ['Ana'] }, automation: rule.id, sourceUid: 'api::job.job', sourceDocumentId: 'job-123',
      deliveryStatus: 'failed', errorCode: 131047, errorTitle: 'Re-engagement message', errorDetails: 'More than 24 hours…',
    });

    const res = await timeline(ana.documentId, { limit: '4' });
    const byId = new Map(res.body.data.messages.map((m: any) => [m.documentId, m]));
    // The reaction row is not a bubble of its own: it shows on its message.
    expect(res.body.data.messages.some((m: any) => m.type === 'reaction')).toBe(false);

    expect(byId.get(photo.documentId)).toMatchObject({
      type: 'image',
      caption: 'this one?',
      media: { url: '/uploads/bread_hash.jpg', mimeType: 'image/jpeg', status: 'downloaded' },
      reactions: expect.arrayContaining([
        expect.objectContaining({ emoji: '❤️', from: 'customer' }),
        expect.objectContaining({ emoji: '👍', from: 'business' }),
      ]),
    });
    expect(byId.get(reply.documentId)).toMatchObject({
      author: { id: 7, name: 'Maite Agent' },
      status: 'read',
      replyTo: { wamid: photo.wamid, documentId: photo.documentId, direction: 'inbound', preview: 'this one?' },
      businessPhoneNumberId: n1.phoneNumberId,
      businessDisplayPhoneNumber: TEST_CREDENTIALS.displayPhoneNumber,
    });
    expect(byId.get(reply.documentId).statusTimes.read).toEqual(expect.any(String));
    expect(byId.get(automated.documentId)).toMatchObject({
      template: { name: 'order_ready', language: 'en', parameters: { body: ['Ana'] } },
      automation: { documentId: rule.documentId, name: 'Order ready', sourceUid: 'api::job.job', sourceDocumentId: 'job-123' },
      error: { code: 131047, title: 'Re-engagement message' },
      retryable: true,
    });
    expect(byId.get(automated.documentId).error.explanation).toMatch(/24/);
  });

  it('returns WhatsApp text verbatim (markup is data, never interpreted)', async () => {
    const evil = '<img src=x onerror="alert(1)"><script>alert(2)</script> & <b>bold</b>';
    await message(app, { number: n1, customer: ana, direction: 'inbound', at: ago(1), body: evil, profileName: '<svg onload=alert(3)>' });
    const res = await timeline(ana.documentId, { limit: '1' });
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(res.body.data.messages[0]).toMatchObject({ body: evil, profileName: '<svg onload=alert(3)>' });
  });

  it('counts unread inbound messages of the customer', async () => {
    const before = await timeline(ana.documentId);
    expect(before.body.data.unread).toBeGreaterThan(0);
    await app.http.post('/whatsapp/conversations/read').set('Authorization', `Bearer ${token}`).send({ customerDocumentId: ana.documentId });
    expect((await timeline(ana.documentId)).body.data.unread).toBe(0);
  });

  it('validates the query and requires messages-read', async () => {
    const bad = await timeline(ana.documentId, { before: 'garbage' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/cursor/);
    expect((await timeline(ana.documentId, { limit: '0' })).status).toBe(400);
    expect((await timeline(ana.documentId, { limit: '500' })).status).toBe(400);
    expect((await app.http.get(`/whatsapp/customers/${ana.documentId}/timeline`)).status).toBe(401);
    const none = await limitedAdmin(app, [ACTIONS.templatesRead]);
    expect((await app.http.get(`/whatsapp/customers/${ana.documentId}/timeline`).set('Authorization', `Bearer ${none.token}`)).status).toBe(403);
  });
});
