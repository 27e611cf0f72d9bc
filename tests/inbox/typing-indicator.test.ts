/**
 * The typing indicator while an agent writes (#13 item 6): `POST /whatsapp/conversations/typing`
 * sends Meta's read receipt with `typing_indicator` for the customer's newest message, asserted on
 * the sandbox's record of mark-as-read calls: once per inbound message, not after the 24-hour
 * window, not to a blocked customer, not when WHATSAPP_SEND_READ_RECEIPTS is off; RBAC, tenancy
 * and bad input answer 4xx.
 */
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { adminWithActions } from '../helpers/admin-users';
import { customer, HOUR, message, phoneNumber, tenant } from './fixtures';
import { ACTIONS } from '../../plugins/whatsapp/shared/permissions';
import { PLUGIN_ID, UID } from '../../plugins/whatsapp/shared/uids';

describe('typing indicator', () => {
  let app: TestApp;
  let admin: { token: string };
  let n1: any;
  let shop: any;
  const pnid = TEST_CREDENTIALS.phoneNumberId;
  let seq = 0;

  const typing = (token: string, body: unknown) => app.http.post('/whatsapp/conversations/typing').set('Authorization', `Bearer ${token}`).send(body as object);
  const config = () => app.strapi.plugin(PLUGIN_ID).service('runtime').get().config;

  async function conversation(hoursAgo: number) {
    seq += 1;
    const row = await customer(app, { name: `Typing ${seq}`, phone: `+3461188${String(seq).padStart(4, '0')}`, tenant: shop });
    const inbound = await message(app, { number: n1, customer: row, tenant: shop, direction: 'inbound', at: new Date(Date.now() - hoursAgo * HOUR) });
    return { customer: row, inbound, key: inbound.conversationKey as string };
  }

  beforeAll(async () => {
    app = await startTestApp({ env: { WHATSAPP_SEND_READ_RECEIPTS: 'true' } });
    admin = await createAdmin(app);
    n1 = await phoneNumber(app, pnid, TEST_CREDENTIALS.displayPhoneNumber);
    shop = await tenant(app, 'Shop', n1);
  });

  afterAll(async () => {
    await app?.stop();
  });

  beforeEach(() => {
    app.sandbox!.reset();
    config().sendReadReceipts = true;
  });

  it('sends the typing indicator with the read receipt of the newest inbound message, once per message', async () => {
    const { key, customer: who } = await conversation(1);
    const newer = await message(app, { number: n1, customer: who, tenant: shop, direction: 'inbound', at: new Date(Date.now() - 60_000) });

    const first = await typing(admin.token, { conversationKey: key });
    expect(first.status).toBe(200);
    expect(first.body.data).toEqual({ sent: true, wamid: newer.wamid });
    expect(app.sandbox!.readReceipts).toEqual([{ phoneNumberId: pnid, messageId: newer.wamid, typing: true, at: expect.any(Number) }]);
    // The read receipt also marks the message read here.
    expect((await app.strapi.db.query(UID.message).findOne({ where: { id: newer.id } })).readAt).toBeTruthy();

    // The agent keeps typing: not again for the same message (nor from a second agent).
    const second = await typing(admin.token, { conversationKey: key });
    expect(second.body.data).toEqual({ sent: false, reason: 'already_sent', wamid: newer.wamid });
    const [a, b] = await Promise.all([typing(admin.token, { conversationKey: key }), typing(admin.token, { conversationKey: key })]);
    expect([a.body.data.sent, b.body.data.sent]).toEqual([false, false]);
    expect(app.sandbox!.readReceipts).toHaveLength(1);

    // The customer writes again: one more indicator, for the new message.
    const latest = await message(app, { number: n1, customer: who, tenant: shop, direction: 'inbound', at: new Date() });
    const third = await typing(admin.token, { conversationKey: key });
    expect(third.body.data).toEqual({ sent: true, wamid: latest.wamid });
    expect(app.sandbox!.readReceipts.map((r) => [r.messageId, r.typing])).toEqual([
      [newer.wamid, true],
      [latest.wamid, true],
    ]);
  });

  it("is not sent after the customer's 24-hour window, nor to a blocked customer", async () => {
    const old = await conversation(25);
    expect((await typing(admin.token, { conversationKey: old.key })).body.data).toMatchObject({ sent: false, reason: 'window_closed' });

    const blocked = await conversation(1);
    await app.strapi.db.query(UID.customer).update({ where: { id: blocked.customer.id }, data: { blockedAt: new Date() } });
    expect((await typing(admin.token, { conversationKey: blocked.key })).body.data).toMatchObject({ sent: false, reason: 'blocked' });
    expect(app.sandbox!.readReceipts).toEqual([]);
  });

  it('is not sent when read receipts are switched off (WHATSAPP_SEND_READ_RECEIPTS)', async () => {
    const { key } = await conversation(1);
    config().sendReadReceipts = false;
    const res = await typing(admin.token, { conversationKey: key });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ sent: false, reason: 'disabled' });
    expect(app.sandbox!.readReceipts).toEqual([]);
  });

  it("reports Meta's refusal without failing, and a later keystroke may try again", async () => {
    const { key, inbound } = await conversation(1);
    app.sandbox!.injectFault({ kind: 'error', status: 400, code: 100, path: `/${pnid}/messages`, method: 'POST', count: 1 });
    const refused = await typing(admin.token, { conversationKey: key });
    expect(refused.status).toBe(200);
    expect(refused.body.data).toMatchObject({ sent: false, reason: 'refused', wamid: inbound.wamid });
    expect(refused.body.data.error).toMatch(/refused to mark the message as read/);
    // The claim is kept: once per inbound message, even when Meta refused it.
    expect((await typing(admin.token, { conversationKey: key })).body.data).toMatchObject({ sent: false, reason: 'already_sent' });
  });

  it('validates the body (400 naming the field), needs messages-send (403) and hides unknown conversations (404)', async () => {
    const { key } = await conversation(1);
    const missing = await typing(admin.token, {});
    expect(missing.status).toBe(400);
    expect(missing.body.error.details.errors[0].path).toEqual(['conversationKey']);
    expect((await typing(admin.token, { conversationKey: key, extra: 1 })).status).toBe(400);
    expect((await typing(admin.token, { conversationKey: `${pnid}:34999999999` })).status).toBe(404);

    const reader = await adminWithActions(app, [ACTIONS.messagesRead]);
    expect((await typing(reader.token, { conversationKey: key })).status).toBe(403);
    expect((await app.http.post('/whatsapp/conversations/typing').send({ conversationKey: key })).status).toBe(401);
    expect(app.sandbox!.readReceipts).toEqual([]);
  });
});
