/**
 * POST /whatsapp/conversations/read with WHATSAPP_SEND_READ_RECEIPTS=true: besides moving the read
 * marker, the newest newly read inbound message is marked read at WhatsApp (through the outbound
 * messages service), and a refused receipt is reported without undoing the marker.
 */
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { UID } from '../../plugins/whatsapp/shared/uids';

describe('inbox: read receipts', () => {
  let app: TestApp;
  let token: string;
  const key = `${TEST_CREDENTIALS.phoneNumberId}:34600777888`;
  const markRead = () =>
    app.http.post('/whatsapp/conversations/read').set('Authorization', `Bearer ${token}`).send({ conversationKey: key });
  const inbound = async (text: string) => {
    const { wamid, status } = await app.sandbox!.simulateInbound({ phoneNumberId: TEST_CREDENTIALS.phoneNumberId, from: '34600777888', name: 'Rita', text });
    expect(status).toBe(200);
    // The webhook is acknowledged before it is processed: wait until the message is stored.
    for (let i = 0; i < 200; i += 1) {
      const row = await app.strapi.db.query(UID.message).findOne({ where: { wamid } });
      if (row) return row;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`inbound ${wamid} was never stored`);
  };

  beforeAll(async () => {
    app = await startTestApp({ env: { WHATSAPP_SEND_READ_RECEIPTS: 'true' } });
    token = (await createAdmin(app)).token;
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('sends one read receipt for the newest unread inbound message', async () => {
    await inbound('first');
    const newest = await inbound('second');
    const res = await markRead();
    expect(res.status).toBe(200);
    expect(res.body.data.receipts).toEqual([{ wamid: newest.wamid, ok: true }]);
    expect(res.body.data.conversations[0]).toMatchObject({ conversationKey: key, lastReadMessageId: newest.id, unread: 0 });

    // Nothing new to read: no second receipt.
    expect((await markRead()).body.data.receipts).toEqual([]);
  });

  it('reports a receipt WhatsApp refused, and keeps the conversation read', async () => {
    const message = await inbound('third');
    app.sandbox!.injectFault({ kind: 'error', status: 400, code: 100, title: 'Invalid parameter', path: '/messages', method: 'POST', count: 1 });
    const res = await markRead();
    expect(res.status).toBe(200);
    expect(res.body.data.receipts).toEqual([{ wamid: message.wamid, ok: false, error: expect.stringMatching(/read/i) }]);
    expect(res.body.data.conversations[0]).toMatchObject({ lastReadMessageId: message.id, unread: 0 });
  });
});
