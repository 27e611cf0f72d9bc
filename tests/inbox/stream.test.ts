/**
 * GET /whatsapp/stream (Server-Sent Events): opened with a short-lived token from the
 * authenticated POST /whatsapp/stream/token, re-checked against the user's permissions, carries
 * message.created / message.updated with the message as the timeline shows it, replays what a
 * reconnecting client missed (Last-Event-ID) or tells it to refetch, and cleans up on disconnect.
 */
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { customer, HOUR, limitedAdmin, message, phoneNumber, tenant } from './fixtures';
import { openSse, type SseConnection } from './sse-client';
import { PLUGIN_ID, UID } from '../../plugins/whatsapp/shared/uids';
import { ACTIONS } from '../../plugins/whatsapp/shared/permissions';

describe('inbox: live stream', () => {
  let app: TestApp;
  let token: string;
  let number: any;
  let shop: any;
  let ana: any;
  const open: SseConnection[] = [];
  const events = () => app.strapi.plugin(PLUGIN_ID).service('events');
  const streamService = () => app.strapi.plugin(PLUGIN_ID).service('stream');

  const streamToken = async (jwt = token) => {
    const res = await app.http.post('/whatsapp/stream/token').set('Authorization', `Bearer ${jwt}`);
    expect(res.status).toBe(200);
    return res.body.data as { token: string; expiresAt: string; url: string };
  };
  const connect = async (query: string, headers: Record<string, string> = {}) => {
    const connection = await openSse(`${app.url}/whatsapp/stream?${query}`, headers);
    open.push(connection);
    return connection;
  };
  /** What the webhook processor does after storing a message: emit on the plugin's bus. */
  const created = async (body: string) => {
    const row = await message(app, { number, customer: ana, tenant: shop, direction: 'inbound', at: new Date(), body });
    events().emit('message.created', { id: row.id, documentId: row.documentId, direction: 'inbound', status: 'received', conversationKey: row.conversationKey });
    return row;
  };

  beforeAll(async () => {
    app = await startTestApp();
    token = (await createAdmin(app)).token;
    number = await phoneNumber(app, TEST_CREDENTIALS.phoneNumberId, TEST_CREDENTIALS.displayPhoneNumber);
    shop = await tenant(app, 'Bakery', number);
    ana = await customer(app, { name: 'Ana', phone: '+34600111222', tenant: shop });
  });

  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('issues stream tokens only to admins who may read messages', async () => {
    expect((await app.http.post('/whatsapp/stream/token')).status).toBe(401);
    const none = await limitedAdmin(app, []);
    expect((await app.http.post('/whatsapp/stream/token').set('Authorization', `Bearer ${none.token}`)).status).toBe(403);
    const issued = await streamToken();
    expect(issued.url).toBe(`/whatsapp/stream?token=${encodeURIComponent(issued.token)}`);
    expect(new Date(issued.expiresAt).getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses missing, tampered and expired tokens, and users who lost the permission', async () => {
    expect((await connect('')).status).toBe(401);
    expect((await connect('token=abc.def')).status).toBe(401);
    const { token: good } = await streamToken();
    const [payload, signature] = good.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, u: claims.u + 1 })).toString('base64url');
    expect((await connect(`token=${forged}.${signature}`)).status).toBe(401);
    // An admin JWT is not a stream token.
    expect((await connect(`token=${encodeURIComponent(token)}`)).status).toBe(401);

    const realNow = Date.now;
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 61_000);
    try {
      expect((await connect(`token=${encodeURIComponent(good)}`)).status).toBe(401);
    } finally {
      spy.mockRestore();
    }

    // A token issued while the user could read, used after the role lost messages-read.
    const reader = await limitedAdmin(app, [ACTIONS.messagesRead]);
    const { token: readerToken } = await streamToken(reader.token);
    const user = await app.strapi.db.query('admin::user').findOne({ where: { id: JSON.parse(Buffer.from(readerToken.split('.')[0], 'base64url').toString()).u }, populate: ['roles'] });
    await app.strapi.service('admin::role').assignPermissions(user.roles[0].id, []);
    expect((await connect(`token=${encodeURIComponent(readerToken)}`)).status).toBe(403);
  });

  it('pushes message.created and message.updated with the message as the timeline shows it', async () => {
    const { token: t } = await streamToken();
    const sse = await connect(`token=${encodeURIComponent(t)}`);
    expect(sse.status).toBe(200);
    expect(sse.headers['content-type']).toMatch(/text\/event-stream/);
    await sse.waitFor((e) => e.event === 'ready');

    const row = await created('<img src=x onerror=alert(1)> hi');
    const event = await sse.waitFor((e) => e.event === 'message.created');
    // In-process: `<boot>-<seq>`; a shared bus (PostgreSQL, Redis): the journal's id.
    expect(event.id).toMatch(streamService().busKind() === 'memory' ? /^[0-9a-f]+-\d+$/ : /^\d+$/);
    expect(event.data).toMatchObject({
      customerDocumentId: ana.documentId,
      message: { documentId: row.documentId, direction: 'inbound', body: '<img src=x onerror=alert(1)> hi', conversationKey: row.conversationKey },
    });

    await app.strapi.db.query(UID.message).update({ where: { id: row.id }, data: { reactions: [{ emoji: '🎉', from: 'customer' }] } });
    events().emit('message.updated', { id: row.id, documentId: row.documentId, direction: 'inbound', status: 'received', change: 'reactions' });
    const updated = await sse.waitFor((e) => e.event === 'message.updated');
    expect(updated.data).toMatchObject({ change: 'reactions', message: { documentId: row.documentId, reactions: [{ emoji: '🎉', from: 'customer' }] } });
  });

  it('delivers message.created for a signed inbound webhook (text and names stay text)', async () => {
    const sse = await connect(`token=${encodeURIComponent((await streamToken()).token)}`);
    await sse.waitFor((e) => e.event === 'ready');
    // The sandbox signs a Meta `messages` webhook and POSTs it to this Strapi, like Meta would.
    const { wamid, status } = await app.sandbox!.simulateInbound({
      phoneNumberId: TEST_CREDENTIALS.phoneNumberId,
      from: '34600555666',
      name: '<b>Zoe</b>',
      text: 'Is my order ready? <script>alert(1)</script>',
    });
    expect(status).toBe(200);
    const event = await sse.waitFor((e) => e.event === 'message.created' && e.data.message.wamid === wamid);
    expect(event.data.message).toMatchObject({
      direction: 'inbound',
      type: 'text',
      body: 'Is my order ready? <script>alert(1)</script>',
      profileName: '<b>Zoe</b>',
      conversationKey: `${TEST_CREDENTIALS.phoneNumberId}:34600555666`,
    });
  });

  it('replays missed events after a reconnect with Last-Event-ID, or asks for a refetch', async () => {
    const first = await connect(`token=${encodeURIComponent((await streamToken()).token)}`);
    const ready = await first.waitFor((e) => e.event === 'ready');
    first.close();

    const missedA = await created('while away 1');
    const missedB = await created('while away 2');
    events().emit('message.updated', { id: missedA.id, documentId: missedA.documentId, direction: 'inbound', status: 'received', change: 'status' });
    // On a shared bus the events come back through the database first.
    await streamService().settled();

    // EventSource's own retry sends the header; a reconnect with a new token passes it in the query.
    const second = await connect(`token=${encodeURIComponent((await streamToken()).token)}`, { 'Last-Event-ID': ready.id! });
    await second.waitFor((e) => e.event === 'ready');
    const replayed = second.events.filter((e) => e.event.startsWith('message.'));
    // Two updates of missedA collapse into its latest state: one event per message.
    expect(replayed.map((e) => e.data.message.body).sort()).toEqual(['while away 1', 'while away 2']);
    expect(second.events.some((e) => e.event === 'reset')).toBe(false);

    const third = await connect(`token=${encodeURIComponent((await streamToken()).token)}&lastEventId=${encodeURIComponent(ready.id!)}`);
    await third.waitFor((e) => e.event === 'ready');
    expect(third.events.filter((e) => e.event.startsWith('message.'))).toHaveLength(2);

    // An id from another server process (restart) or another bus cannot be replayed: refetch.
    const stale = await connect(`token=${encodeURIComponent((await streamToken()).token)}&lastEventId=deadbeef-3`);
    const reset = await stale.waitFor((e) => e.event === 'reset');
    expect(reset.data).toEqual({ reason: 'gap' });
    expect(missedB.id).toBeGreaterThan(missedA.id);
  });

  it('tells every open stream when a conversation was read', async () => {
    const sse = await connect(`token=${encodeURIComponent((await streamToken()).token)}`);
    await sse.waitFor((e) => e.event === 'ready');
    await created('read me');
    await app.http.post('/whatsapp/conversations/read').set('Authorization', `Bearer ${token}`).send({ customerDocumentId: ana.documentId });
    const read = await sse.waitFor((e) => e.event === 'conversation.read');
    expect(read.data.conversations).toEqual([expect.objectContaining({ conversationKey: `${number.phoneNumberId}:${ana.waId}`, unread: 0 })]);
    expect(read.data.by).toMatchObject({ name: 'Test Admin' });
  });

  it('forgets a connection when the client goes away, and ends streams on shutdown', async () => {
    const until = (wanted: number) =>
      new Promise<void>((resolve) => {
        const check = () => (streamService().connectionCount() === wanted ? resolve() : setTimeout(check, 20));
        check();
      });
    await until(0); // earlier tests' clients are gone (closed in afterEach)
    const before = 0;
    const sse = await connect(`token=${encodeURIComponent((await streamToken()).token)}`);
    await sse.waitFor((e) => e.event === 'ready');
    expect(streamService().connectionCount()).toBe(before + 1);
    sse.close();
    await until(before);

    const last = await connect(`token=${encodeURIComponent((await streamToken()).token)}`);
    await last.waitFor((e) => e.event === 'ready');
    streamService().stop();
    const bye = await last.waitFor((e) => e.event === 'bye');
    expect(bye.data).toEqual({ reason: 'shutdown' });
    await last.ended;
    expect(streamService().connectionCount()).toBe(0);
    streamService().start(); // back on the bus for whatever runs after
  });
});
