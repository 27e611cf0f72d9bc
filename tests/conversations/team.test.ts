/**
 * Conversations a team works (#16), through the admin HTTP routes: every state transition, bulk
 * close/archive, the reopen rule on a real signed webhook, assignment (only to users who may read
 * messages), the inbox list's state and assignee filters with their counts, internal notes (never
 * sent: the sandbox's `sent` list stays as it was), quick replies with the customer's variables,
 * the live stream events, RBAC and 4xx answers that name the field.
 */
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { adminWithActions, eventually } from '../helpers/admin-users';
import { customer, HOUR, message, phoneNumber, tenant } from '../inbox/fixtures';
import { deliver, inboundPayload } from '../inbound/helpers';
import { openSse, type SseConnection } from '../inbox/sse-client';
import { UID } from '../../plugins/whatsapp/shared/uids';
import { ACTIONS } from '../../plugins/whatsapp/shared/permissions';
import { CONVERSATION_STATES } from '../../plugins/whatsapp/shared/contracts/conversations-team';

const agent = adminWithActions;

describe('conversations a team works', () => {
  let app: TestApp;
  let admin: { token: string; user: any };
  let maite: Awaited<ReturnType<typeof agent>>;
  let reader: Awaited<ReturnType<typeof agent>>;
  let outsider: Awaited<ReturnType<typeof agent>>;
  let tenantA: any;
  let tenantB: any;
  let ana: any;
  let n1: any;
  let n2: any;
  let kAna: string;
  let kBob: string;
  let kCarla: string;
  const now = Date.now();
  const ago = (hours: number) => new Date(now - hours * HOUR);

  const as = (token: string) => ({
    get: (path: string, query: Record<string, any> = {}) => app.http.get(path).query(query).set('Authorization', `Bearer ${token}`),
    post: (path: string, body: unknown) => app.http.post(path).set('Authorization', `Bearer ${token}`).send(body as object),
  });
  const api = () => as(admin.token);
  const setState = (keys: string[], state: string, token = admin.token) => as(token).post('/whatsapp/conversations/state', { conversationKeys: keys, state });
  const status = async (key: string) => (await api().get('/whatsapp/conversations/status', { conversationKey: key })).body.data;
  const keysOf = (res: any) => res.body.data.map((c: any) => c.conversationKey).sort();

  beforeAll(async () => {
    app = await startTestApp();
    admin = await createAdmin(app);
    maite = await agent(app, [ACTIONS.messagesRead, ACTIONS.messagesSend, ACTIONS.conversationsManage, ACTIONS.conversationNotesWrite], { firstname: 'Maite' });
    reader = await agent(app, [ACTIONS.messagesRead], { firstname: 'Reader' });
    outsider = await agent(app, [ACTIONS.templatesRead], { firstname: 'Outsider' });
    n1 = await phoneNumber(app, TEST_CREDENTIALS.phoneNumberId, TEST_CREDENTIALS.displayPhoneNumber);
    n2 = await phoneNumber(app, '100000000000002', '+34 600 000 002');
    tenantA = await tenant(app, 'Bakery', n1);
    tenantB = await tenant(app, 'Hardware store', n2);
    ana = await customer(app, { name: 'Ana García', phone: '+34600111222', tenant: tenantA });
    const bob = await customer(app, { name: 'Bob Builder', phone: '+34600333444', tenant: tenantB });
    const carla = await customer(app, { name: 'Carla Díaz', phone: '+34600555666', tenant: tenantA });
    await message(app, { number: n1, customer: ana, tenant: tenantA, direction: 'inbound', at: ago(3), body: 'Do you have rye bread?' });
    await message(app, { number: n2, customer: bob, tenant: tenantB, direction: 'inbound', at: ago(2), body: 'Screws?' });
    await message(app, { number: n1, customer: carla, tenant: tenantA, direction: 'inbound', at: ago(1), body: 'Cake for Sunday' });
    kAna = `${n1.phoneNumberId}:${ana.waId}`;
    kBob = `${n2.phoneNumberId}:${bob.waId}`;
    kCarla = `${n1.phoneNumberId}:${carla.waId}`;
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('starts every conversation open and unassigned, with counts per state', async () => {
    const res = await api().get('/whatsapp/conversations');
    expect(res.status).toBe(200);
    for (const c of res.body.data) expect(c).toMatchObject({ state: 'open', stateChangedAt: null, stateChangedBy: null, assignee: null });
    expect(res.body.meta.stateCounts).toEqual({ open: 3, pending: 0, closed: 0, archived: 0, spam: 0 });
    expect(res.body.meta.assigneeCounts).toEqual({ mine: 0, unassigned: 3, all: 3 });
    expect(await status(kAna)).toMatchObject({ conversationKey: kAna, state: 'open', assignee: null });
    // Reading the state does not create rows: no row means open.
    expect(await app.strapi.db.query(UID.conversationState).count({})).toBe(0);
  });

  it('allows every transition between the five states, recording who and when', async () => {
    for (const from of CONVERSATION_STATES) {
      for (const to of CONVERSATION_STATES) {
        if (from === to) continue;
        expect((await setState([kAna], from)).status).toBe(200);
        const before = Date.now();
        const res = await setState([kAna], to, maite.token);
        expect([from, to, res.status]).toEqual([from, to, 200]);
        expect(res.body.data.changed).toEqual([kAna]);
        const [current] = res.body.data.conversations;
        expect(current).toMatchObject({ conversationKey: kAna, state: to, stateChangedBy: { kind: 'user', id: maite.id, name: 'Maite Test' } });
        expect(new Date(current.stateChangedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
      }
    }
    // The state it is already in: nothing changes, nothing is announced.
    const again = await setState([kAna], 'open');
    const same = await setState([kAna], 'open');
    expect(again.status).toBe(200);
    expect(same.body.data.changed).toEqual([]);
    expect(await app.strapi.db.query(UID.conversationState).count({ where: { conversationKey: kAna } })).toBe(1);
  });

  it('closes and archives in bulk, and filters and counts the list by state', async () => {
    const closed = await setState([kAna, kBob], 'closed');
    expect(closed.status).toBe(200);
    expect(closed.body.data.changed.sort()).toEqual([kAna, kBob].sort());
    const list = await api().get('/whatsapp/conversations', { state: 'closed' });
    expect(keysOf(list)).toEqual([kAna, kBob].sort());
    expect(list.body.meta.stateCounts).toEqual({ open: 1, pending: 0, closed: 2, archived: 0, spam: 0 });
    expect(list.body.meta.pagination.total).toBe(2);
    expect(keysOf(await api().get('/whatsapp/conversations', { state: 'open' }))).toEqual([kCarla]);
    // The other filters still apply, and the counts follow them.
    const tenantOnly = await api().get('/whatsapp/conversations', { state: 'closed', tenant: tenantA.documentId });
    expect(keysOf(tenantOnly)).toEqual([kAna]);
    expect(tenantOnly.body.meta.stateCounts).toMatchObject({ open: 1, closed: 1 });

    expect((await setState([kAna, kBob, kCarla], 'archived')).body.data.changed).toHaveLength(3);
    const archived = await api().get('/whatsapp/conversations', { state: 'archived' });
    expect(keysOf(archived)).toEqual([kAna, kBob, kCarla].sort());
    expect(archived.body.meta.stateCounts).toEqual({ open: 0, pending: 0, closed: 0, archived: 3, spam: 0 });
    expect(keysOf(await api().get('/whatsapp/conversations', { state: 'all' }))).toHaveLength(3);
    expect((await setState([kAna, kBob, kCarla], 'open')).status).toBe(200);
  });

  it('answers 4xx naming the field for bad input, and 404 for an unknown conversation', async () => {
    const cases: [unknown, RegExp][] = [
      [{ conversationKeys: [kAna] }, /^state/],
      [{ conversationKeys: [kAna], state: 'deleted' }, /^state: must be one of open, pending, closed, archived, spam/],
      [{ conversationKeys: [], state: 'closed' }, /^conversationKeys: must name at least one/],
      [{ state: 'closed' }, /^conversationKeys: is required/],
      [{ conversationKeys: ['nonsense'], state: 'closed' }, /^conversationKeys\.0: must be a conversation key/],
      [{ conversationKeys: Array.from({ length: 101 }, (_, i) => `1:${i}`), state: 'closed' }, /^conversationKeys: must name at most 100/],
      [{ conversationKeys: [kAna], state: 'closed', status: 'closed' }, /Unknown field\(s\): status/],
    ];
    for (const [body, message] of cases) {
      const res = await api().post('/whatsapp/conversations/state', body);
      expect([JSON.stringify(body).slice(0, 60), res.status]).toEqual([JSON.stringify(body).slice(0, 60), 400]);
      expect(res.body.error.message).toMatch(message);
    }
    const unknown = await setState([kAna, `${n1.phoneNumberId}:34999999999`], 'closed');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/^conversationKeys\.1: no conversation/);
    // Nothing half-written: the known conversation did not move either.
    expect((await status(kAna)).state).toBe('open');

    expect((await api().get('/whatsapp/conversations', { state: 'gone' })).body.error.message).toMatch(/^state: must be one of/);
    expect((await api().get('/whatsapp/conversations', { assignee: 'someone' })).body.error.message).toMatch(/^assignee: must be me, none or an admin user id/);
    expect((await api().get('/whatsapp/conversations/status')).status).toBe(400);
    expect((await api().get('/whatsapp/conversations/status', { conversationKey: `${n1.phoneNumberId}:34999999999` })).status).toBe(404);
  });

  it('checks RBAC: reading needs messages-read, changing needs conversations-manage', async () => {
    expect((await setState([kAna], 'closed', reader.token)).status).toBe(403);
    expect((await as(reader.token).post('/whatsapp/conversations/assign', { conversationKeys: [kAna], assigneeId: reader.id })).status).toBe(403);
    expect((await as(reader.token).post('/whatsapp/conversations/notes', { conversationKey: kAna, body: 'hi' })).status).toBe(403);
    expect((await as(reader.token).get('/whatsapp/conversations/status', { conversationKey: kAna })).status).toBe(200);
    expect((await as(reader.token).get('/whatsapp/conversations/notes', { conversationKey: kAna })).status).toBe(200);
    expect((await as(reader.token).get('/whatsapp/quick-replies', { conversationKey: kAna })).status).toBe(403);
    expect((await as(outsider.token).get('/whatsapp/conversations/status', { conversationKey: kAna })).status).toBe(403);
    expect((await as(outsider.token).get('/whatsapp/conversations/assignees')).status).toBe(403);
    expect((await app.http.post('/whatsapp/conversations/state').send({ conversationKeys: [kAna], state: 'closed' })).status).toBe(401);
  });

  it('assigns only to active users allowed to read messages, unassigns, and filters mine / unassigned', async () => {
    const assignees = await api().get('/whatsapp/conversations/assignees');
    expect(assignees.status).toBe(200);
    const ids = assignees.body.data.map((u: any) => u.id);
    expect(ids).toEqual(expect.arrayContaining([admin.user.id, maite.id, reader.id]));
    expect(ids).not.toContain(outsider.id);

    const assign = (keys: string[], assigneeId: unknown, token = admin.token) => as(token).post('/whatsapp/conversations/assign', { conversationKeys: keys, assigneeId });
    const refused = await assign([kAna], outsider.id);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^assigneeId: Outsider Test may not read WhatsApp conversations/);
    const inactive = await agent(app, [ACTIONS.messagesRead], { isActive: false, firstname: 'Gone' });
    expect((await assign([kAna], inactive.id)).body.error.message).toMatch(/^assigneeId: .*may not read/);
    expect((await assign([kAna], 999999)).body.error.message).toMatch(/^assigneeId: no admin user 999999/);
    expect((await assign([kAna], 'me')).body.error.message).toMatch(/^assigneeId: must be an admin user id or null/);
    expect((await as(admin.token).post('/whatsapp/conversations/assign', { conversationKeys: [kAna] })).body.error.message).toMatch(/^assigneeId: is required/);

    // Maite takes Ana's conversation herself; Bob's goes to the reader.
    const mine = await assign([kAna], maite.id, maite.token);
    expect(mine.status).toBe(200);
    expect(mine.body.data.conversations[0]).toMatchObject({ assignee: { id: maite.id, name: 'Maite Test' }, assignedBy: { id: maite.id } });
    expect((await assign([kBob], reader.id)).status).toBe(200);
    expect((await assign([kAna], maite.id)).body.data.changed).toEqual([]);

    const maiteList = await as(maite.token).get('/whatsapp/conversations', { assignee: 'me' });
    expect(keysOf(maiteList)).toEqual([kAna]);
    expect(maiteList.body.data[0].assignee).toEqual({ id: maite.id, name: 'Maite Test' });
    expect(maiteList.body.meta.assigneeCounts).toEqual({ mine: 1, unassigned: 1, all: 3 });
    expect(maiteList.body.meta.stateCounts).toMatchObject({ open: 1 });
    expect(keysOf(await as(maite.token).get('/whatsapp/conversations', { assignee: 'none' }))).toEqual([kCarla]);
    expect(keysOf(await api().get('/whatsapp/conversations', { assignee: String(reader.id) }))).toEqual([kBob]);
    // Mine within a state tab.
    await setState([kBob], 'closed');
    expect((await as(reader.token).get('/whatsapp/conversations', { state: 'closed' })).body.meta.assigneeCounts).toEqual({ mine: 1, unassigned: 0, all: 1 });

    const unassigned = await assign([kBob], null);
    expect(unassigned.body.data.conversations[0]).toMatchObject({ assignee: null, assignedAt: null });
    expect(keysOf(await api().get('/whatsapp/conversations', { assignee: 'none' }))).toEqual([kBob, kCarla].sort());
    await setState([kBob], 'open');
  });

  it('reopens a closed or archived conversation when the customer writes again, not a spam or pending one', async () => {
    const write = (text: string) => deliver(app, inboundPayload({ from: ana.waId, message: { type: 'text', text: { body: text } } }));
    for (const state of ['closed', 'archived'] as const) {
      await setState([kAna], state, maite.token);
      await write(`Back again after ${state}`);
      const current = await eventually(() => status(kAna), (s) => s.state === 'open');
      expect(current).toMatchObject({ state: 'open', stateChangedBy: { kind: 'customer' }, assignee: { id: maite.id } });
    }
    for (const state of ['spam', 'pending'] as const) {
      await setState([kAna], state);
      await write(`Still ${state}?`);
      await app.strapi.plugin('whatsapp').service('stream').settled?.();
      await new Promise((r) => setTimeout(r, 300));
      expect((await status(kAna)).state).toBe(state);
    }
    // A reaction is not a new message: it does not reopen.
    await setState([kAna], 'closed');
    const last = await app.strapi.db.query(UID.message).findOne({ where: { conversationKey: kAna, direction: 'inbound', wamid: { $notNull: true } }, orderBy: [{ id: 'desc' }] });
    await deliver(app, inboundPayload({ from: ana.waId, message: { type: 'reaction', reaction: { message_id: last.wamid, emoji: '👍' } } }));
    await new Promise((r) => setTimeout(r, 300));
    expect((await status(kAna)).state).toBe('closed');
    // In Maite's "mine" list it is back under open once she writes.
    await write('One more thing');
    await eventually(() => status(kAna), (s) => s.state === 'open');
    expect(keysOf(await as(maite.token).get('/whatsapp/conversations', { assignee: 'me', state: 'open' }))).toEqual([kAna]);
  });

  it('keeps internal notes for the team: listed with their author, never sent, not in the comms log', async () => {
    const sentBefore = app.sandbox!.sent.length;
    const messagesBefore = await app.strapi.db.query(UID.message).count({ where: { conversationKey: kAna } });
    const res = await as(maite.token).post('/whatsapp/conversations/notes', { conversationKey: kAna, body: '  Wants the rye loaf sliced  ' });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ conversationKey: kAna, body: 'Wants the rye loaf sliced', author: { id: maite.id, name: 'Maite Test' } });
    await as(admin.token).post('/whatsapp/conversations/notes', { conversationKey: kAna, body: 'Second note' });
    await as(admin.token).post('/whatsapp/conversations/notes', { conversationKey: kBob, body: 'Bob note' });

    const list = await as(reader.token).get('/whatsapp/conversations/notes', { conversationKey: kAna });
    expect(list.body.data.map((n: any) => n.body)).toEqual(['Wants the rye loaf sliced', 'Second note']);
    const both = await api().get('/whatsapp/conversations/notes', { conversationKey: [kAna, kBob] });
    expect(both.body.data).toHaveLength(3);

    await app.strapi.plugin('whatsapp').service('outbox').kick?.();
    await new Promise((r) => setTimeout(r, 300));
    expect(app.sandbox!.sent.length).toBe(sentBefore);
    expect(await app.strapi.db.query(UID.message).count({ where: { conversationKey: kAna } })).toBe(messagesBefore);
    const timeline = await api().get(`/whatsapp/customers/${ana.documentId}/timeline`);
    expect(JSON.stringify(timeline.body)).not.toContain('rye loaf sliced');

    for (const [body, field] of [
      [{ conversationKey: kAna, body: '   ' }, /^body: must not be empty/],
      [{ conversationKey: kAna }, /^body: is required/],
      [{ body: 'x' }, /^conversationKey: is required/],
      [{ conversationKey: kAna, body: 'x'.repeat(4097) }, /^body: must be at most 4096/],
      [{ conversationKey: kAna, body: 'x', internal: true }, /Unknown field/],
    ] as const) {
      const bad = await api().post('/whatsapp/conversations/notes', body);
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(field);
    }
    const unknown = await api().post('/whatsapp/conversations/notes', { conversationKey: `${n1.phoneNumberId}:34999999999`, body: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toMatch(/^conversationKey: no conversation/);
    expect((await api().get('/whatsapp/conversations/notes')).body.error.message).toMatch(/^conversationKey/);
  });

  it('streams state, assignment and note changes to every open stream', async () => {
    const tokenRes = await api().post('/whatsapp/stream/token', {});
    let sse: SseConnection | undefined;
    try {
      sse = await openSse(`${app.url}/whatsapp/stream?token=${encodeURIComponent(tokenRes.body.data.token)}`);
      await sse.waitFor((e) => e.event === 'ready');
      await setState([kCarla], 'pending', maite.token);
      const stateEvent = await sse.waitFor((e) => e.event === 'conversation.updated' && e.data.change === 'state');
      expect(stateEvent.data).toMatchObject({ by: { id: maite.id }, conversations: [{ conversationKey: kCarla, state: 'pending' }] });
      await as(maite.token).post('/whatsapp/conversations/assign', { conversationKeys: [kCarla], assigneeId: maite.id });
      const assigned = await sse.waitFor((e) => e.event === 'conversation.updated' && e.data.change === 'assignment');
      expect(assigned.data.conversations[0]).toMatchObject({ conversationKey: kCarla, assignee: { id: maite.id } });
      await as(maite.token).post('/whatsapp/conversations/notes', { conversationKey: kCarla, body: 'Chocolate, 8 people' });
      const note = await sse.waitFor((e) => e.event === 'conversation.note');
      expect(note.data.note).toMatchObject({ conversationKey: kCarla, body: 'Chocolate, 8 people', author: { id: maite.id } });
      // The reopen by the customer is announced too, with no user.
      await setState([kCarla], 'closed');
      await deliver(app, inboundPayload({ from: '34600555666', message: { type: 'text', text: { body: 'Make it 10' } } }));
      const reopened = await sse.waitFor((e) => e.event === 'conversation.updated' && e.data.by === null);
      expect(reopened.data.conversations[0]).toMatchObject({ conversationKey: kCarla, state: 'open', stateChangedBy: { kind: 'customer' } });
    } finally {
      sse?.close();
    }
  });

  it('offers quick replies of the conversation tenant and global ones, filled from the customer', async () => {
    await app.strapi.db.query(UID.quickReply).create({ data: { shortcut: 'hello', title: 'Greeting', body: 'Hi {{first_name}}, this is {{business_number}}!' } });
    await app.strapi.db.query(UID.quickReply).create({ data: { shortcut: 'ready', title: 'Order ready', body: 'Dear {{name}}, your order is ready. {{unknown}}', tenant: tenantA.id } });
    await app.strapi.db.query(UID.quickReply).create({ data: { shortcut: 'tools', body: 'Tools for {{name}} ({{phone}})', tenant: tenantB.id } });

    const forAna = await as(maite.token).get('/whatsapp/quick-replies', { conversationKey: kAna });
    expect(forAna.status).toBe(200);
    expect(forAna.body.data.map((q: any) => [q.shortcut, q.text])).toEqual([
      ['hello', `Hi Ana, this is ${TEST_CREDENTIALS.displayPhoneNumber}!`],
      ['ready', 'Dear Ana García, your order is ready. '],
    ]);
    expect(forAna.body.data[1].tenant).toEqual({ documentId: tenantA.documentId, name: 'Bakery' });
    const forBob = await api().get('/whatsapp/quick-replies', { conversationKey: kBob });
    expect(forBob.body.data.map((q: any) => [q.shortcut, q.text])).toEqual([
      ['hello', 'Hi Bob, this is +34 600 000 002!'],
      ['tools', 'Tools for Bob Builder (+34600333444)'],
    ]);
    expect((await api().get('/whatsapp/quick-replies', { conversationKey: kAna, search: 'REA' })).body.data.map((q: any) => q.shortcut)).toEqual(['ready']);
    expect((await api().get('/whatsapp/quick-replies')).body.error.message).toMatch(/^conversationKey: is required/);
    expect((await api().get('/whatsapp/quick-replies', { conversationKey: `${n1.phoneNumberId}:34999999999` })).status).toBe(404);
  });
});
