/**
 * Tenant members (#14) and round-robin assignment (#16), through the admin HTTP routes: who may
 * manage members, what a bad list answers (and that it changes nothing), the audit entry, the
 * Content Manager keeping its hands off, and a customer's message on a real signed webhook going
 * to the next member in turn.
 */
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { adminWithActions, eventually } from '../helpers/admin-users';
import { phoneNumber, tenant } from '../inbox/fixtures';
import { deliver, inboundPayload, messageByWamid, wamid } from '../inbound/helpers';
import { ACTIONS } from '../../plugins/whatsapp/shared/permissions';
import { UID } from '../../plugins/whatsapp/shared/uids';

describe('tenant members and round-robin assignment', () => {
  let app: TestApp;
  let admin: { token: string; user: any };
  let maite: Awaited<ReturnType<typeof adminWithActions>>;
  let jon: Awaited<ReturnType<typeof adminWithActions>>;
  let noRead: Awaited<ReturnType<typeof adminWithActions>>;
  let viewer: Awaited<ReturnType<typeof adminWithActions>>;
  let bakery: any;

  const as = (token: string) => ({
    get: (path: string) => app.http.get(path).set('Authorization', `Bearer ${token}`),
    put: (path: string, body: unknown) => app.http.put(path).set('Authorization', `Bearer ${token}`).send(body as object),
  });
  const api = () => as(admin.token);
  const setMembers = (userIds: unknown, token = admin.token, id = bakery.documentId) => as(token).put(`/whatsapp/tenants/${id}/members`, { userIds });
  const membersOf = async () => (await app.strapi.db.query(UID.tenant).findOne({ where: { id: bakery.id }, populate: { members: true } })).members.map((u: any) => u.id).sort();

  beforeAll(async () => {
    app = await startTestApp();
    admin = await createAdmin(app);
    const agentActions = [ACTIONS.messagesRead, ACTIONS.messagesSend, ACTIONS.conversationsManage];
    maite = await adminWithActions(app, agentActions, { firstname: 'Maite' });
    jon = await adminWithActions(app, agentActions, { firstname: 'Jon' });
    noRead = await adminWithActions(app, [ACTIONS.templatesRead], { firstname: 'Nora' });
    viewer = await adminWithActions(app, [ACTIONS.numbersRead], { firstname: 'Viewer' });
    bakery = await tenant(app, 'Bakery', await phoneNumber(app, TEST_CREDENTIALS.phoneNumberId, TEST_CREDENTIALS.displayPhoneNumber));
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('lists the active admin users as candidates, with name and e-mail only', async () => {
    const res = await api().get('/whatsapp/tenants/member-candidates');
    expect(res.status).toBe(200);
    const maiteRow = res.body.data.find((user: any) => user.id === maite.id);
    expect(maiteRow).toEqual({ id: maite.id, name: 'Maite Test', email: maite.email });
    expect(JSON.stringify(res.body)).not.toMatch(/password|resetPasswordToken|registrationToken/);
  });

  it('sets the members as a whole list, shows them on the tenant and audits before → after', async () => {
    const res = await setMembers([maite.id, jon.id]);
    expect(res.status).toBe(200);
    expect(res.body.data.members).toEqual([
      { id: jon.id, name: 'Jon Test', email: jon.email },
      { id: maite.id, name: 'Maite Test', email: maite.email },
    ]);
    expect(await membersOf()).toEqual([maite.id, jon.id].sort());

    const list = await api().get('/whatsapp/tenants');
    expect(list.body.data.find((t: any) => t.id === bakery.documentId).members.map((m: any) => m.id).sort()).toEqual([maite.id, jon.id].sort());

    const audit = await api().get(`/whatsapp/audit?action=tenant.members-changed&subjectId=${bakery.documentId}`);
    expect(audit.body.data[0]).toMatchObject({ subject: { type: 'tenant', label: 'Bakery' }, before: { members: null }, after: { members: 'Jon Test, Maite Test' } });

    // The same list again changes nothing and records nothing.
    await setMembers([jon.id, maite.id]).expect(200);
    const again = await api().get(`/whatsapp/audit?action=tenant.members-changed&subjectId=${bakery.documentId}`);
    expect(again.body.data).toHaveLength(1);
  });

  it('answers 400 naming the field for a bad list, and changes nothing', async () => {
    const before = await membersOf();
    const cases: Array<[unknown, RegExp]> = [
      [undefined, /userIds is required/],
      ['1,2', /userIds must be a list/],
      [[maite.id, 'x'], /each user id must be a number/],
      [[maite.id, 999999], /userIds\.1: no admin user 999999/],
    ];
    for (const [userIds, message] of cases) {
      const res = await setMembers(userIds);
      expect([res.status, res.body.error.message]).toEqual([400, expect.stringMatching(message)]);
    }
    const inactive = await adminWithActions(app, [ACTIONS.messagesRead], { firstname: 'Gone', isActive: false });
    const res = await setMembers([maite.id, inactive.id]);
    expect([res.status, res.body.error.message]).toEqual([400, 'userIds.1: Gone Test is not an active admin user']);
    expect(await membersOf()).toEqual(before);
  });

  it('answers 404 for an unknown tenant and 403 without numbers-assign', async () => {
    expect((await setMembers([maite.id], admin.token, 'nosuchtenant0000')).status).toBe(404);
    expect((await setMembers([maite.id], viewer.token)).status).toBe(403);
    expect((await as(viewer.token).get('/whatsapp/tenants/member-candidates')).status).toBe(403);
  });

  it('keeps members read-only in the Content Manager', async () => {
    const res = await api().put(`/content-manager/collection-types/${UID.tenant}/${bakery.documentId}`, {
      name: 'Bakery',
      members: { connect: [{ id: noRead.id }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^members: .*WhatsApp numbers page/);
    expect(await membersOf()).toEqual([maite.id, jon.id].sort());
  });

  describe('round-robin', () => {
    const write = async (from: string) => {
      const id = wamid('rr');
      await deliver(app, inboundPayload({ from, name: `Customer ${from}`, message: { type: 'text', text: { body: 'Hello' } }, id }));
      return (await messageByWamid(app, id)).conversationKey as string;
    };
    const assigneeOf = (key: string) =>
      eventually(
        async () => (await api().get(`/whatsapp/conversations/status?conversationKey=${encodeURIComponent(key)}`)).body.data?.assignee?.id ?? null,
        (id) => id !== null,
        3000
      );

    it('is off by default: a new conversation stays unassigned', async () => {
      const key = await write('34611000001');
      expect(await assigneeOf(key)).toBeNull();
    });

    it('gives new conversations to the members in turn, skipping one who may not read them', async () => {
      await setMembers([maite.id, jon.id, noRead.id]).expect(200);
      const on = await api().put(`/whatsapp/tenants/${bakery.documentId}/settings`, { autoAssign: true });
      expect([on.status, on.body.data.autoAssign]).toEqual([200, true]);

      const order = [maite, jon].sort((a, b) => a.id - b.id).map((user) => user.id);
      const assigned = [];
      for (const from of ['34611000002', '34611000003', '34611000004']) assigned.push(await assigneeOf(await write(from)));
      expect(assigned).toEqual([order[0], order[1], order[0]]);

      // A second message in an assigned conversation keeps its assignee (no new turn).
      const key = await write('34611000002');
      expect(await assigneeOf(key)).toBe(order[0]);
      const next = await write('34611000005');
      expect(await assigneeOf(next)).toBe(order[1]);
    });

    it('gives a tenant’s conversations to its members only', async () => {
      const outsider = await adminWithActions(app, [ACTIONS.messagesRead, ACTIONS.conversationsManage], { firstname: 'Outsider' });
      const key = await write('34611000009');
      const offered = await api().get(`/whatsapp/conversations/assignees?conversationKey=${encodeURIComponent(key)}`);
      expect(offered.body.data.map((u: any) => u.id).sort()).toEqual([maite.id, jon.id].sort());
      // Without a conversation: everyone who may read conversations, the outsider too.
      expect((await api().get('/whatsapp/conversations/assignees')).body.data.map((u: any) => u.id)).toContain(outsider.id);

      const refused = await app.http.post('/whatsapp/conversations/assign').set('Authorization', `Bearer ${admin.token}`).send({ conversationKeys: [key], assigneeId: outsider.id });
      expect([refused.status, refused.body.error.message]).toEqual([400, 'assigneeId: Outsider Test is not a member of "Bakery"']);
      const given = await app.http.post('/whatsapp/conversations/assign').set('Authorization', `Bearer ${admin.token}`).send({ conversationKeys: [key], assigneeId: jon.id });
      expect(given.status).toBe(200);
    });

    it('the switch is audited and goes back off', async () => {
      const off = await api().put(`/whatsapp/tenants/${bakery.documentId}/settings`, { autoAssign: false });
      expect(off.body.data.autoAssign).toBe(false);
      const audit = await api().get(`/whatsapp/audit?action=tenant.settings-changed&subjectId=${bakery.documentId}`);
      expect(audit.body.data[0]).toMatchObject({ before: { autoAssign: true }, after: { autoAssign: false } });
      const key = await write('34611000006');
      expect(await assigneeOf(key)).toBeNull();
    });
  });
});
