/**
 * The audit log through the admin API: every audited action of the numbers, accounts and
 * automations pages leaves one entry (who, when, what, before → after), a refused change leaves
 * none, no secret is ever recorded, the list filters and validates, RBAC guards it, and pruning
 * removes what is older than the retention.
 */
import { createAdmin, type TestApp } from '../helpers/strapi';
import { adminWithActions, bearer, createTenant, SANDBOX_NUMBERS } from './helpers';
import { poRule, seedWorld, startAutomationApp } from '../automations/helpers';
import { ACTIONS } from '../../plugins/whatsapp/shared/permissions';
import { UID } from '../../plugins/whatsapp/shared/uids';

const SECRET_TOKEN = 'audit-test-access-token-ZZZZ9999';
const SECRET_APP = 'audit-test-app-secret-YYYY8888';
const ROTATED_TOKEN = 'audit-test-access-token-XXXX7777';

describe('audit log', () => {
  let app: TestApp;
  let auth: Record<string, string>;
  let adminName: string;

  const audit = async (query = '') => {
    const res = await app.http.get(`/whatsapp/audit${query}`).set(auth);
    expect(res.status).toBe(200);
    return res.body as { data: any[]; meta: any };
  };
  const latest = async (action: string) => (await audit(`?action=${action}`)).data[0];

  beforeAll(async () => {
    app = await startAutomationApp();
    await seedWorld(app);
    const admin = await createAdmin(app);
    auth = bearer(admin.token);
    adminName = `${admin.user.firstname} ${admin.user.lastname}`;
    await app.strapi.db.query(UID.phoneNumber).createMany({
      data: SANDBOX_NUMBERS.slice(1).map((n) => ({ phoneNumberId: n.id, displayPhoneNumber: n.displayPhoneNumber, verifiedName: n.verifiedName })),
    });
  });

  afterAll(async () => {
    // No secret, not even its ciphertext, anywhere in the log.
    const rows = JSON.stringify(await app.strapi.db.query(UID.auditEntry).findMany({}));
    for (const secret of [SECRET_TOKEN, SECRET_APP, ROTATED_TOKEN, 'wa1:']) expect(rows).not.toContain(secret);
    await app?.stop();
  });

  it('records an assignment, a move to another number and an unassignment, with who did it', async () => {
    const tenant = await createTenant(app, { name: 'Audit Bakery' });
    const path = `/whatsapp/tenants/${tenant.documentId}/assign-phone`;
    await app.http.post(path).set(auth).send({ phoneNumberId: '100000000000002' }).expect(200);
    await app.http.post(path).set(auth).send({ phoneNumberId: '100000000000002' }).expect(200); // idempotent: no entry
    await app.http.post(path).set(auth).send({ phoneNumberId: '100000000000003' }).expect(200);
    await app.http.delete(path).set(auth).expect(200);

    const entries = (await audit(`?subjectType=tenant&subjectId=${tenant.documentId}`)).data;
    expect(entries.map((e) => [e.action, e.before, e.after])).toEqual([
      ['number.unassigned', { phoneNumberId: '100000000000003' }, { phoneNumberId: null }],
      ['number.assigned', { phoneNumberId: '100000000000002' }, { phoneNumberId: '100000000000003', displayPhoneNumber: '+34 600 000 003' }],
      ['number.assigned', { phoneNumberId: null }, { phoneNumberId: '100000000000002', displayPhoneNumber: '+34 600 000 002' }],
    ]);
    for (const entry of entries) {
      expect(entry.actor).toEqual({ id: expect.any(Number), name: adminName });
      expect(entry.subject).toEqual({ type: 'tenant', documentId: tenant.documentId, label: 'Audit Bakery' });
      expect(Date.parse(entry.occurredAt)).not.toBeNaN();
    }
  });

  it('records nothing for a refused assignment (the number is taken)', async () => {
    const holder = await createTenant(app, { name: 'Holder Shop' });
    const other = await createTenant(app, { name: 'Late Shop' });
    await app.http.post(`/whatsapp/tenants/${holder.documentId}/assign-phone`).set(auth).send({ phoneNumberId: '100000000000002' }).expect(200);
    const refused = await app.http.post(`/whatsapp/tenants/${other.documentId}/assign-phone`).set(auth).send({ phoneNumberId: '100000000000002' });
    expect(refused.status).toBe(409);
    expect((await audit(`?subjectId=${other.documentId}`)).data).toEqual([]);
  });

  it('records a tenant switched off and its language changed, only the fields that changed', async () => {
    const tenant = await createTenant(app, { name: 'Settings Shop', defaultLanguage: 'es' });
    const path = `/whatsapp/tenants/${tenant.documentId}/settings`;
    await app.http.put(path).set(auth).send({ whatsappEnabled: false, defaultLanguage: 'eu' }).expect(200);
    await app.http.put(path).set(auth).send({ whatsappEnabled: false }).expect(200); // unchanged: no entry

    const entries = (await audit(`?subjectId=${tenant.documentId}`)).data;
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'tenant.settings-changed',
      before: { whatsappEnabled: true, defaultLanguage: 'es' },
      after: { whatsappEnabled: false, defaultLanguage: 'eu' },
    });
  });

  it('records an account added, renamed, its token rotated and deleted, never a secret', async () => {
    const created = await app.http
      .post('/whatsapp/accounts')
      .set(auth)
      .send({ name: 'Bilbao Bikes', wabaId: '300000000000001', accessToken: SECRET_TOKEN, appSecret: SECRET_APP });
    expect(created.status).toBe(201);
    const id = created.body.data.id ?? created.body.data.documentId;

    await app.http.put(`/whatsapp/accounts/${id}`).set(auth).send({ name: 'Bilbao Bikes S.L.' }).expect(200);
    await app.http.put(`/whatsapp/accounts/${id}`).set(auth).send({ accessToken: ROTATED_TOKEN }).expect(200);
    await app.http.delete(`/whatsapp/accounts/${id}`).set(auth).expect(200);

    const entries = (await audit(`?subjectType=account&subjectId=${id}`)).data;
    expect(entries.map((e) => [e.action, e.before, e.after])).toEqual([
      ['account.deleted', { name: 'Bilbao Bikes S.L.', wabaId: '300000000000001', numbers: 0 }, null],
      ['account.secret-rotated', null, { accessToken: 'rotated' }],
      ['account.updated', { name: 'Bilbao Bikes' }, { name: 'Bilbao Bikes S.L.' }],
      ['account.created', null, { name: 'Bilbao Bikes', wabaId: '300000000000001', apiVersion: null, accessToken: 'set', appSecret: 'set', marketingMessagesEnabled: false }],
    ]);
  });

  it('records a rule switched off and on from the automations API', async () => {
    const created = await app.http.post('/whatsapp/automations').set(auth).send(poRule({ name: 'Audited rule' }));
    expect(created.status).toBe(201);
    const rule = created.body.data;
    const input = poRule({ name: 'Audited rule' });
    await app.http.put(`/whatsapp/automations/${rule.documentId}`).set(auth).send({ ...input, enabled: false }).expect(200);
    await app.http.put(`/whatsapp/automations/${rule.documentId}`).set(auth).send({ ...input, enabled: true }).expect(200);

    const entries = (await audit(`?subjectType=automation&subjectId=${rule.documentId}`)).data;
    expect(entries.map((e) => [e.action, e.before, e.after, e.subject.label])).toEqual([
      ['automation.enabled', { enabled: false }, { enabled: true }, 'Audited rule'],
      ['automation.disabled', { enabled: true }, { enabled: false }, 'Audited rule'],
    ]);
  });

  it('filters by action, actor and time, pages, and says how long entries are kept', async () => {
    const all = await audit('?pageSize=2');
    expect(all.data).toHaveLength(2);
    expect(all.meta.pagination).toMatchObject({ page: 1, pageSize: 2 });
    expect(all.meta.pagination.total).toBeGreaterThanOrEqual(10);
    expect(all.meta.retentionDays).toBe(365);

    const assigned = await audit('?action=number.assigned');
    expect(assigned.data.length).toBeGreaterThanOrEqual(3);
    expect(new Set(assigned.data.map((e) => e.action))).toEqual(new Set(['number.assigned']));

    // The admin's entries; the master account written at start-up is the system's (no actor).
    const everything = (await audit('?pageSize=100')).data;
    const actorId = all.data[0].actor.id;
    const byActor = await audit(`?actor=${actorId}&pageSize=100`);
    expect(byActor.data.map((e) => e.id)).toEqual(everything.filter((e) => e.actor?.id === actorId).map((e) => e.id));
    expect(everything.find((e) => e.action === 'account.created' && e.actor === null)).toMatchObject({ subject: { type: 'account', label: expect.any(String) } });
    expect((await audit('?to=2020-01-01')).data).toEqual([]);
    expect((await audit(`?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).data).toEqual([]);
  });

  it('answers 400 naming the field for a bad filter', async () => {
    for (const [query, field, message] of [
      ['?action=number.stolen', 'action', /must be one of/],
      ['?from=yesterday', 'from', /ISO date/],
      ['?actor=abc', 'actor', /admin user id/],
      ['?pageSize=1000', 'pageSize', /at most 100/],
      ['?colour=red', '', /Unknown field\(s\): colour/],
    ] as const) {
      const res = await app.http.get(`/whatsapp/audit${query}`).set(auth);
      expect([query, res.status]).toEqual([query, 400]);
      const detail = res.body.error.details.errors[0];
      expect([query, detail.path.join('.'), detail.message]).toEqual([query, field, expect.stringMatching(message)]);
    }
  });

  it('needs the audit-read permission', async () => {
    const without = await adminWithActions(app, [ACTIONS.numbersRead]);
    expect((await app.http.get('/whatsapp/audit').set(bearer(without.token))).status).toBe(403);
    const reader = await adminWithActions(app, [ACTIONS.auditRead]);
    expect((await app.http.get('/whatsapp/audit').set(bearer(reader.token))).status).toBe(200);
  });

  it('prunes entries older than the retention, in batches, and keeps the rest', async () => {
    const old = new Date(Date.now() - 400 * 24 * 60 * 60 * 1000);
    await app.strapi.db.query(UID.auditEntry).createMany({
      data: Array.from({ length: 1205 }, () => ({ action: 'number.assigned', occurredAt: old, subjectType: 'tenant' })),
    });
    const before = await app.strapi.db.query(UID.auditEntry).count({});
    const removed = await app.strapi.plugin('whatsapp').service('audit').prune();
    expect(removed).toBe(1205);
    expect(await app.strapi.db.query(UID.auditEntry).count({})).toBe(before - 1205);
  });
});
