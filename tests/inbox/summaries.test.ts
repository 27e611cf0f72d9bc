/**
 * The inbox's stored conversations (whatsapp_conversation_summaries, inbox/summaries.ts): the list
 * reads them, so every path that writes the comms log must keep them right. Each step goes
 * through the route a user or Meta uses (signed webhooks, the admin's send, read, erase) and
 * checks the inbox over HTTP, then that the stored rows equal a recomputation from the log.
 */
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { deliver, envelope, inboundPayload, messagesValue, nowSeconds, settle, statusPayload, wamid } from '../inbound/helpers';
import { eventually } from '../outbound/helpers';
import { phoneNumber } from './fixtures';
import { PLUGIN_ID, UID } from '../../plugins/whatsapp/shared/uids';

const PNID = TEST_CREDENTIALS.phoneNumberId;

describe('inbox: stored conversation summaries', () => {
  let app: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });
  const inbox = async (query: Record<string, string> = {}) => {
    const res = await app.http.get('/whatsapp/conversations').query(query).set(auth());
    expect(res.status).toBe(200);
    return res.body;
  };
  const row = async (key: string) => (await inbox()).data.find((c: any) => c.conversationKey === key);
  const summaries = () => app.strapi.plugin(PLUGIN_ID).service('conversation-summaries');
  const table = () => app.strapi.db.metadata.get(UID.conversationSummary).tableName;
  const FIELDS = ['conversation_key', 'tenant_id', 'phone_number_id', 'customer_id', 'last_message_id', 'last_direction', 'last_type', 'last_inbound_message_id', 'message_count', 'unread_count', 'failed_count'];
  const stored = async () => {
    const rows: any[] = await app.strapi.db.connection(table()).select(FIELDS).orderBy('conversation_key');
    return rows.map((r) => Object.fromEntries(FIELDS.map((f) => [f, r[f] == null ? null : typeof r[f] === 'string' ? r[f] : Number(r[f])])));
  };
  /** What was maintained step by step equals a recomputation of every row from the log. */
  const expectFresh = async () => {
    const before = await stored();
    await summaries().refreshAll();
    expect(before).toEqual(await stored());
  };
  const writes = (from: string, text: string, name = 'Nora') =>
    deliver(app, inboundPayload({ from, name, message: { type: 'text', text: { body: text } } }));
  const customerOf = async (waId: string) => app.strapi.db.query(UID.customer).findOne({ where: { waId } });

  beforeAll(async () => {
    app = await startTestApp({ env: { WHATSAPP_OUTBOX_POLL_MS: '100' }, sandbox: { autoStatuses: [] } });
    token = (await createAdmin(app)).token;
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('follows inbound, outbound, read, a failed status and the erasure of the customer', async () => {
    const key = `${PNID}:34600555001`;
    await writes('34600555001', 'Hola, ¿abrís mañana?');
    await writes('34600555001', '¿Y el domingo?');
    const customer = await customerOf('34600555001');
    expect(await row(key)).toMatchObject({ unread: 2, failed: 0, messageCount: 2, customer: { documentId: customer.documentId }, lastMessage: { direction: 'inbound', body: '¿Y el domingo?' } });
    expect((await inbox()).meta.totalUnread).toBe(2);
    await expectFresh();

    // The agent answers: the answer is the last message, the customer's messages are still unread.
    const sent = await app.http.post('/whatsapp/messages').set(auth()).send({ customer: customer.documentId, type: 'text', text: 'Sí, de 8 a 14' });
    expect(sent.status).toBe(202);
    expect(await row(key)).toMatchObject({ unread: 2, messageCount: 3, lastMessage: { direction: 'outbound', body: 'Sí, de 8 a 14' } });
    await expectFresh();

    // Opening it: nothing unread, in the row, the unread filter and the badge.
    expect((await app.http.post('/whatsapp/conversations/read').set(auth()).send({ conversationKey: key })).body.data.conversations).toEqual([
      expect.objectContaining({ conversationKey: key, unread: 0 }),
    ]);
    expect(await row(key)).toMatchObject({ unread: 0 });
    expect((await inbox({ unread: 'true' })).data.map((c: any) => c.conversationKey)).not.toContain(key);
    expect((await inbox()).meta.totalUnread).toBe(0);
    await expectFresh();

    // Meta reports the answer failed (after the outbox had it accepted): the row gets its "!".
    const accepted = await eventually(async () => {
      const m = await app.strapi.db.query(UID.message).findOne({ where: { documentId: sent.body.data.documentId } });
      return m?.wamid ? m : null;
    }, 20000, 'the answer accepted by the sandbox');
    await deliver(app, statusPayload({ id: accepted.wamid, status: 'failed', recipient: '34600555001', errors: [{ code: 131026, title: 'Message undeliverable' }] }));
    expect(await row(key)).toMatchObject({ failed: 1 });
    expect((await inbox({ failed: 'true' })).data.map((c: any) => c.conversationKey)).toEqual([key]);
    await expectFresh();

    // A retry queues it again: no failed message left in the conversation.
    expect((await app.http.post(`/whatsapp/messages/${accepted.documentId}/retry`).set(auth())).status).toBe(202);
    expect(await row(key)).toMatchObject({ failed: 0 });
    await expectFresh();

    // Erasing the customer (privacy): the conversation leaves the inbox. The erasure refuses (409,
    // "try again") while a webhook event about the customer is being processed: the retried
    // answer's own traffic, here.
    await eventually(async () => {
      const status = (await app.strapi.db.query(UID.message).findOne({ where: { id: accepted.id } }))?.deliveryStatus;
      return status && !['queued', 'sending'].includes(status);
    }, 20000, 'the retried answer sent');
    let erased: any;
    await eventually(async () => {
      await settle(app);
      erased = await app.http.post(`/whatsapp/customers/${customer.documentId}/erase`).set(auth()).send({ confirm: true });
      return erased.status !== 409;
    }, 20000, 'no webhook event about the customer in progress');
    expect([erased.status, erased.body.error?.message]).toEqual([200, undefined]);
    expect(await row(key)).toBeUndefined();
    expect(await app.strapi.db.connection(table()).where('conversation_key', key).first('id')).toBeUndefined();
    await expectFresh();
  });

  it('keeps one customer across a change of number: the new conversation is listed with the same customer', async () => {
    const oldKey = `${PNID}:34600555002`;
    const newKey = `${PNID}:34600555003`;
    await writes('34600555002', 'Soy Iker');
    const customer = await customerOf('34600555002');
    const system = { from: '34600555002', id: wamid('sys'), timestamp: nowSeconds(), type: 'system', system: { body: 'User Iker changed from 34600555002 to 34600555003', wa_id: '34600555003', type: 'user_changed_number' } };
    await deliver(app, envelope(TEST_CREDENTIALS.businessAccountId, [{ field: 'messages', value: messagesValue({}, { messages: [system] }) }]));
    await writes('34600555003', 'Ya tengo número nuevo', 'Iker');

    const body = await inbox();
    // The system notice is not unread; the two texts are.
    expect(body.data.find((c: any) => c.conversationKey === oldKey)).toMatchObject({ unread: 1, messageCount: 2, customer: { documentId: customer.documentId } });
    expect(body.data.find((c: any) => c.conversationKey === newKey)).toMatchObject({ unread: 1, messageCount: 1, customer: { documentId: customer.documentId } });
    await expectFresh();
  });

  it('counts every message of sends made at the same moment (refreshes of one conversation wait for each other)', async () => {
    const key = `${PNID}:34600555005`;
    await writes('34600555005', 'Necesito 8 respuestas');
    const customer = await customerOf('34600555005');
    // The sends stay queued (no worker from here on): what the outbox would do to them later
    // (pair-rate retries, failures) would change the rows while the next tests compare them.
    await app.strapi.plugin(PLUGIN_ID).service('outbox').stop();
    const sends = await Promise.all(
      Array.from({ length: 8 }, (_, i) => app.http.post('/whatsapp/messages').set(auth()).send({ customer: customer.documentId, type: 'text', text: `respuesta ${i}` }))
    );
    expect(sends.map((r) => r.status)).toEqual(Array(8).fill(202));
    expect(await row(key)).toMatchObject({ messageCount: 9, unread: 1, lastMessage: { direction: 'outbound' } });
    await expectFresh();
  });

  it('stays right when two transactions write one conversation at once (the later refresh waits for the earlier commit)', async () => {
    const key = `${PNID}:34600555006`;
    await writes('34600555006', 'hola');
    const number = await app.strapi.db.query(UID.phoneNumber).findOne({ where: { phoneNumberId: PNID } });
    const insert = (body: string) =>
      app.strapi.db.query(UID.message).create({
        data: { wamid: wamid('tx'), direction: 'inbound', type: 'text', deliveryStatus: 'received', body, occurredAt: new Date(), conversationKey: key, businessPhoneNumberId: PNID, customerWaId: '34600555006', phoneNumber: number.id },
      });
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    // A writes and refreshes, then holds its transaction open; B writes and refreshes meanwhile,
    // without seeing A's uncommitted message.
    let refreshedA!: () => void;
    const aRefreshed = new Promise<void>((resolve) => (refreshedA = resolve));
    const a = app.strapi.db.transaction(async () => {
      await insert('a');
      await summaries().refresh([key]);
      refreshedA();
      await pause(500);
    });
    await aRefreshed;
    const b = app.strapi.db.transaction(async () => {
      await insert('b');
      await summaries().refresh([key]);
    });
    await Promise.all([a, b]);
    expect(await row(key)).toMatchObject({ messageCount: 3, unread: 3 });
    await expectFresh();
  });

  it('follows a message deleted in the content manager (document service)', async () => {
    const key = `${PNID}:34600555004`;
    await writes('34600555004', 'primero');
    await writes('34600555004', 'segundo');
    const newest = await app.strapi.db.query(UID.message).findOne({ where: { conversationKey: key }, orderBy: { id: 'desc' } });
    await app.strapi.documents(UID.message).delete({ documentId: newest.documentId });
    expect(await row(key)).toMatchObject({ unread: 1, messageCount: 1, lastMessage: { body: 'primero' } });
    await expectFresh();
  });

  it('is filled from the log at boot (backfill), and catches up with rows written behind its back', async () => {
    const before = await inbox();
    expect(before.data.length).toBeGreaterThan(0);
    // A database from before summaries: no rows and no record of a backfill.
    await app.strapi.db.connection(table()).delete();
    await app.strapi.store({ type: 'plugin', name: 'whatsapp', key: 'conversation-summaries' }).delete({});
    expect((await inbox()).data).toEqual([]);

    expect(await summaries().backfillIfNeeded()).toBe('backfilled');
    const after = await inbox();
    expect(after.data.map((c: any) => [c.conversationKey, c.unread, c.failed, c.messageCount])).toEqual(
      before.data.map((c: any) => [c.conversationKey, c.unread, c.failed, c.messageCount])
    );
    expect(after.meta).toEqual(before.meta);

    // Rows an import wrote straight into the log (no write path ran): the next boot lists them.
    const other = await phoneNumber(app, '100000000000077', '+34 600 000 077');
    await app.strapi.db.query(UID.message).create({
      data: { wamid: wamid('import'), direction: 'inbound', type: 'text', deliveryStatus: 'received', body: 'importado', occurredAt: new Date(), conversationKey: `${other.phoneNumberId}:34600555099`, businessPhoneNumberId: other.phoneNumberId, customerWaId: '34600555099', phoneNumber: other.id },
    });
    expect(await summaries().backfillIfNeeded()).toBe('caught-up');
    expect(await row(`${other.phoneNumberId}:34600555099`)).toMatchObject({ unread: 1, messageCount: 1, phoneNumber: { phoneNumberId: other.phoneNumberId } });
    await expectFresh();
  });
});
