/**
 * GET /whatsapp/conversations and POST /whatsapp/conversations/read: conversations are customer ×
 * business number, sorted by their last message, with unread counts from the read marker, filters,
 * search and pagination; RBAC on messages-read.
 */
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { customer, HOUR, limitedAdmin, message, phoneNumber, tenant } from './fixtures';
import { UID } from '../../plugins/whatsapp/shared/uids';
import { ACTIONS } from '../../plugins/whatsapp/shared/permissions';

describe('inbox: conversations', () => {
  let app: TestApp;
  let token: string;
  const now = Date.now();
  const ago = (hours: number) => new Date(now - hours * HOUR);
  let n1: any;
  let n2: any;
  let tenantA: any;
  let tenantB: any;
  let ana: any;
  let bob: any;
  const get = (query: Record<string, string> = {}) =>
    app.http.get('/whatsapp/conversations').query(query).set('Authorization', `Bearer ${token}`);

  beforeAll(async () => {
    app = await startTestApp();
    token = (await createAdmin(app)).token;
    n1 = await phoneNumber(app, TEST_CREDENTIALS.phoneNumberId, TEST_CREDENTIALS.displayPhoneNumber);
    n2 = await phoneNumber(app, '100000000000002', '+34 600 000 002');
    tenantA = await tenant(app, 'Bakery', n1);
    tenantB = await tenant(app, 'Hardware store', n2);
    ana = await customer(app, { name: 'Ana García', phone: '+34600111222', tenant: tenantA });
    bob = await customer(app, { name: 'Bob Builder', phone: '+34600333444', tenant: tenantB });

    // Ana on number 1: two inbound, one reply, then one more inbound (3 unread, reactions do not count).
    await message(app, { number: n1, customer: ana, tenant: tenantA, direction: 'inbound', at: ago(10), body: 'Do you have rye bread?' });
    await message(app, { number: n1, customer: ana, tenant: tenantA, direction: 'inbound', at: ago(9), body: 'And croissants?' });
    await message(app, { number: n1, customer: ana, tenant: tenantA, direction: 'outbound', at: ago(8), body: 'Yes, both!', deliveryStatus: 'read' });
    await message(app, { number: n1, customer: ana, tenant: tenantA, direction: 'inbound', at: ago(2), type: 'image', body: null, caption: 'this one' });
    await message(app, { number: n1, customer: ana, tenant: tenantA, direction: 'inbound', at: ago(1.5), type: 'reaction', body: null, reactionEmoji: '👍' });
    // Bob on number 2: an outbound template that failed, newest conversation.
    await message(app, { number: n2, customer: bob, tenant: tenantB, direction: 'outbound', at: ago(0.5), type: 'template', body: null, templateName: 'order_ready', deliveryStatus: 'failed', errorCode: 131026 });
    // An unknown sender on number 1 (no customer record).
    await message(app, { number: n1, waId: '34600999000', tenant: tenantA, direction: 'inbound', at: ago(5), body: 'who is this?', profileName: 'Mystery Person' });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('lists conversations by last message, with customer, number, tenant, preview and unread counts', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    const keys = res.body.data.map((c: any) => c.conversationKey);
    expect(keys).toEqual([
      `${n2.phoneNumberId}:${bob.waId}`,
      `${n1.phoneNumberId}:${ana.waId}`,
      `${n1.phoneNumberId}:34600999000`,
    ]);
    const [bobConv, anaConv, unknown] = res.body.data;
    expect(anaConv).toMatchObject({
      customer: { documentId: ana.documentId, name: 'Ana García' },
      phoneNumber: { phoneNumberId: n1.phoneNumberId, displayPhoneNumber: TEST_CREDENTIALS.displayPhoneNumber },
      tenant: { documentId: tenantA.documentId, name: 'Bakery' },
      unread: 3,
      failed: 0,
    });
    // The newest message is the reaction row; the list shows it as the last message.
    expect(anaConv.lastMessage.direction).toBe('inbound');
    expect(bobConv).toMatchObject({ unread: 0, failed: 1, customer: { name: 'Bob Builder' } });
    expect(bobConv.lastMessage.error).toMatchObject({ code: 131026 });
    expect(bobConv.lastMessage.error.explanation).toEqual(expect.any(String));
    expect(unknown).toMatchObject({ customer: null, contact: { waId: '34600999000', profileName: 'Mystery Person' }, unread: 1 });
    expect(res.body.meta).toMatchObject({ pagination: { page: 1, pageSize: 25, total: 3, pageCount: 1 }, totalUnread: 4 });
  });

  it('filters by tenant, number, unread, failed and message type', async () => {
    const keysOf = (res: any) => res.body.data.map((c: any) => c.conversationKey).sort();
    expect(keysOf(await get({ tenant: tenantB.documentId }))).toEqual([`${n2.phoneNumberId}:${bob.waId}`]);
    expect(keysOf(await get({ phoneNumberId: n1.phoneNumberId }))).toEqual(
      [`${n1.phoneNumberId}:${ana.waId}`, `${n1.phoneNumberId}:34600999000`].sort()
    );
    expect(keysOf(await get({ unread: 'true' }))).toEqual([`${n1.phoneNumberId}:${ana.waId}`, `${n1.phoneNumberId}:34600999000`].sort());
    expect(keysOf(await get({ unread: 'false' }))).toEqual([`${n2.phoneNumberId}:${bob.waId}`]);
    expect(keysOf(await get({ failed: 'true' }))).toEqual([`${n2.phoneNumberId}:${bob.waId}`]);
    expect(keysOf(await get({ type: 'image' }))).toEqual([`${n1.phoneNumberId}:${ana.waId}`]);
    expect(keysOf(await get({ type: 'template', tenant: tenantA.documentId }))).toEqual([]);
  });

  it('searches by customer name, WhatsApp profile name and phone digits', async () => {
    const keysOf = (res: any) => res.body.data.map((c: any) => c.conversationKey);
    expect(keysOf(await get({ search: 'garcía' }))).toEqual([`${n1.phoneNumberId}:${ana.waId}`]);
    expect(keysOf(await get({ search: 'BUILDER' }))).toEqual([`${n2.phoneNumberId}:${bob.waId}`]);
    expect(keysOf(await get({ search: 'mystery' }))).toEqual([`${n1.phoneNumberId}:34600999000`]);
    expect(keysOf(await get({ search: '+34 600 333' }))).toEqual([`${n2.phoneNumberId}:${bob.waId}`]);
    expect(keysOf(await get({ search: '100%_' }))).toEqual([]);
  });

  it('paginates', async () => {
    const first = await get({ pageSize: '2', page: '1' });
    const second = await get({ pageSize: '2', page: '2' });
    expect(first.body.data).toHaveLength(2);
    expect(second.body.data).toHaveLength(1);
    expect(first.body.meta.pagination).toMatchObject({ total: 3, pageCount: 2 });
    const all = [...first.body.data, ...second.body.data].map((c: any) => c.conversationKey);
    expect(new Set(all).size).toBe(3);
  });

  it('answers 400 with a readable message for bad filters', async () => {
    const res = await get({ type: 'fax' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/type/);
    expect((await get({ pageSize: '1000' })).status).toBe(400);
    expect((await get({ phoneNumberId: 'abc' })).status).toBe(400);
    expect((await get({ sort: 'x' })).status).toBe(400);
  });

  it('marks a conversation read: unread drops to zero and the marker never moves back', async () => {
    const key = `${n1.phoneNumberId}:${ana.waId}`;
    const res = await app.http
      .post('/whatsapp/conversations/read')
      .set('Authorization', `Bearer ${token}`)
      .send({ conversationKey: key });
    expect(res.status).toBe(200);
    expect(res.body.data.conversations).toEqual([{ conversationKey: key, lastReadMessageId: expect.any(Number), unread: 0 }]);
    expect(res.body.data.receipts).toEqual([]); // sendReadReceipts is off by default
    const marker = res.body.data.conversations[0].lastReadMessageId;

    const list = await get({ unread: 'true' });
    expect(list.body.data.map((c: any) => c.conversationKey)).toEqual([`${n1.phoneNumberId}:34600999000`]);

    // An older message id does not move the marker back.
    const older = await app.strapi.db.query(UID.message).findOne({ where: { conversationKey: key }, orderBy: { id: 'asc' } });
    const back = await app.http
      .post('/whatsapp/conversations/read')
      .set('Authorization', `Bearer ${token}`)
      .send({ conversationKey: key, upToMessageId: older.id });
    expect(back.body.data.conversations[0].lastReadMessageId).toBe(marker);

    // A new inbound message after the marker is unread again, even with an older WhatsApp timestamp.
    await message(app, { number: n1, customer: ana, tenant: tenantA, direction: 'inbound', at: ago(30), body: 'late delivery' });
    const again = await get({ search: 'Ana' });
    expect(again.body.data[0].unread).toBe(1);
  });

  it('marks every conversation of a customer read by customerDocumentId', async () => {
    const res = await app.http
      .post('/whatsapp/conversations/read')
      .set('Authorization', `Bearer ${token}`)
      .send({ customerDocumentId: ana.documentId });
    expect(res.status).toBe(200);
    expect(res.body.data.conversations.every((c: any) => c.unread === 0)).toBe(true);
    expect((await get({ search: 'Ana' })).body.data[0].unread).toBe(0);
  });

  it('rejects bad read requests', async () => {
    const post = (body: unknown) => app.http.post('/whatsapp/conversations/read').set('Authorization', `Bearer ${token}`).send(body as object);
    expect((await post({})).status).toBe(400);
    expect((await post({ conversationKey: 'a:b', customerDocumentId: 'x' })).status).toBe(400);
    expect((await post({ conversationKey: '999:nobody' })).status).toBe(404);
    expect((await post({ customerDocumentId: 'does-not-exist' })).status).toBe(404);
    const bobMessage = await app.strapi.db.query(UID.message).findOne({ where: { conversationKey: `${n2.phoneNumberId}:${bob.waId}` } });
    const res = await post({ conversationKey: `${n1.phoneNumberId}:${ana.waId}`, upToMessageId: bobMessage.id });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/not part of this conversation/);
  });

  it('requires an admin with messages-read', async () => {
    expect((await app.http.get('/whatsapp/conversations')).status).toBe(401);
    const none = await limitedAdmin(app, []);
    expect((await app.http.get('/whatsapp/conversations').set('Authorization', `Bearer ${none.token}`)).status).toBe(403);
    expect(
      (await app.http.post('/whatsapp/conversations/read').set('Authorization', `Bearer ${none.token}`).send({ conversationKey: 'a:b' })).status
    ).toBe(403);
    const reader = await limitedAdmin(app, [ACTIONS.messagesRead]);
    expect((await app.http.get('/whatsapp/conversations').set('Authorization', `Bearer ${reader.token}`)).status).toBe(200);
  });
});
