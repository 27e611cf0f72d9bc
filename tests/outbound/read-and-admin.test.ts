/**
 * Read receipts (with the typing indicator) from the content API and the admin, and the admin
 * routes' RBAC: a send from the admin records its author; a role without the action gets 403.
 */
import { createAdmin } from '../helpers/strapi';
import { ALL_ACTIONS, apiToken, customerWrote, findMessage, MESSAGE, service, startOutboundApp, TEST_CREDENTIALS, type TestApp } from './helpers';

describe('read receipts and admin routes', () => {
  let app: TestApp;
  let token: string;
  let admin: { token: string };

  beforeAll(async () => {
    app = await startOutboundApp();
    token = await apiToken(app, ALL_ACTIONS);
    admin = await createAdmin(app);
  });

  afterAll(async () => {
    await app?.stop();
  });

  beforeEach(async () => {
    app.sandbox!.reset();
    // Messages queued by earlier tests must not be drained (and hit this test's fault) here.
    await app.strapi.db.query(MESSAGE).updateMany({ where: { direction: 'outbound', deliveryStatus: 'queued' }, data: { deliveryStatus: 'failed' } });
  });

  const markRead = (documentId: string, body: Record<string, unknown> = {}) =>
    app.http.post(`/api/whatsapp/messages/${documentId}/read`).set('Authorization', `Bearer ${token}`).send(body);

  it('marks an inbound message and the earlier ones of the conversation as read', async () => {
    const earlier = await customerWrote(app, { waId: '34600666001', at: new Date(Date.now() - 60_000) });
    const latest = await customerWrote(app, { waId: '34600666001' });
    const other = await customerWrote(app, { waId: '34600666002' });

    const res = await markRead(latest.documentId, { typing: true });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ documentId: latest.documentId, status: 'read' });
    expect(res.body.data.readAt).toBeTruthy();

    expect(await findMessage(app, earlier.documentId)).toMatchObject({ deliveryStatus: 'read' });
    expect(await findMessage(app, other.documentId)).toMatchObject({ deliveryStatus: 'received', readAt: null });
  });

  it("passes Meta's refusal on as 502 with Meta's code, and leaves the message unread", async () => {
    const message = await customerWrote(app, { waId: '34600666003' });
    app.sandbox!.injectFault({ kind: 'error', status: 400, code: 100, title: 'Invalid parameter', path: `/${TEST_CREDENTIALS.phoneNumberId}/messages`, method: 'POST', count: 1 });
    const res = await markRead(message.documentId);
    expect(res.status).toBe(502);
    expect(res.body.error).toMatchObject({ name: 'BadGatewayError', details: { code: 100, title: 'Invalid parameter' } });
    expect(res.body.error.message).toMatch(/refused to mark the message as read: Meta rejected a parameter/);
    expect(await findMessage(app, message.documentId)).toMatchObject({ deliveryStatus: 'received', readAt: null });
  });

  it('refuses outbound messages (409), unknown ids (404) and bad bodies (400)', async () => {
    await customerWrote(app, { waId: '34600666004' });
    const { message } = await service(app, 'messages').send({ to: '+34600666004', type: 'text', text: 'hi' });
    expect((await markRead(message.documentId)).status).toBe(409);
    expect((await markRead('nosuchmessage00000000000')).status).toBe(404);
    const inbound = await customerWrote(app, { waId: '34600666005' });
    const bad = await markRead(inbound.documentId, { typing: 'yes' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.errors[0].path).toEqual(['typing']);
  });

  it('works from the admin too', async () => {
    const message = await customerWrote(app, { waId: '34600666006' });
    const res = await app.http.post(`/whatsapp/messages/${message.documentId}/read`).set('Authorization', `Bearer ${admin.token}`).send({});
    expect(res.status).toBe(200);
    expect(res.body.data.status).toBe('read');
  });

  it('sends from the admin with the admin user recorded as author', async () => {
    await customerWrote(app, { waId: '34600666007' });
    const res = await app.http
      .post('/whatsapp/messages')
      .set('Authorization', `Bearer ${admin.token}`)
      .send({ to: '+34600666007', type: 'text', text: 'Hello from the CRM' });
    expect(res.status).toBe(202);
    expect(res.body.data.author).toEqual({ id: expect.any(Number), name: 'Test Admin' });

    const list = await app.http.get('/whatsapp/messages?direction=outbound').set('Authorization', `Bearer ${admin.token}`);
    expect(list.status).toBe(200);
    expect(list.body.data.some((m: { documentId: string }) => m.documentId === res.body.data.documentId)).toBe(true);
  });

  it('retries from the admin', async () => {
    app.sandbox!.injectFault({ kind: 'error', status: 400, code: 131026, path: '/messages', method: 'POST', count: 1 });
    const { message } = await service(app, 'messages').send({ to: '+34600666008', type: 'template', template: { name: 'hello_world', language: 'en_US' } });
    await service(app, 'outbox').drain();
    const res = await app.http.post(`/whatsapp/messages/${message.documentId}/retry`).set('Authorization', `Bearer ${admin.token}`);
    expect(res.status).toBe(202);
    await service(app, 'outbox').drain();
    expect(await findMessage(app, message.documentId)).toMatchObject({ deliveryStatus: 'accepted', attempts: 2 });
  });

  it('refuses admin users without the send action (403) and without a token (401)', async () => {
    const editor = await createAdmin(app, { roleCode: 'strapi-editor' });
    const body = { to: '+34600666009', type: 'template', template: { name: 'hello_world', language: 'en_US' } };
    const before = await app.strapi.db.query(MESSAGE).count();
    expect((await app.http.post('/whatsapp/messages').set('Authorization', `Bearer ${editor.token}`).send(body)).status).toBe(403);
    expect((await app.http.get('/whatsapp/messages').set('Authorization', `Bearer ${editor.token}`)).status).toBe(403);
    expect((await app.http.post('/whatsapp/messages').send(body)).status).toBe(401);
    expect(await app.strapi.db.query(MESSAGE).count()).toBe(before);
  });
});
