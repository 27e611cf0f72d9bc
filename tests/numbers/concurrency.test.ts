/**
 * Concurrent assignment, through real HTTP requests in parallel. On PostgreSQL (run with
 * DATABASE_CLIENT=postgres) the requests really overlap: row locks and the unique index decide;
 * on SQLite writes are serialised by the database. Either way: exactly one winner, no two tenants
 * with one number, and the relation table agrees with the mirror column.
 */
import { startTestApp, createAdmin, type TestApp } from '../helpers/strapi';
import { bearer, createTenant, SANDBOX_NUMBERS } from './helpers';
import { UID } from '../../plugins/whatsapp/shared/uids';

describe(`numbers: concurrent assignment (${process.env.DATABASE_CLIENT || 'sqlite'})`, () => {
  let app: TestApp;
  let auth: Record<string, string>;

  beforeAll(async () => {
    app = await startTestApp({ sandbox: { phoneNumbers: SANDBOX_NUMBERS } });
    auth = bearer((await createAdmin(app)).token);
    await app.http.post('/whatsapp/phone-numbers/sync').set(auth).send({}).expect(200);
  });

  afterAll(async () => {
    await app?.stop();
  });

  const linkRows = async (column: 'tenant_id' | 'phone_number_id', id: number) => {
    const rows = await app.strapi.db.connection('whatsapp_tenants_phone_number_lnk').where(column, id);
    return rows.length;
  };

  it('gives one number to exactly one of many tenants assigning it at the same time', async () => {
    const tenants = await Promise.all(
      Array.from({ length: 8 }, (_, i) => createTenant(app, { name: `Racer ${i}` }))
    );
    const target = SANDBOX_NUMBERS[1].id;
    const responses = await Promise.all(
      tenants.map((t) =>
        app.http.post(`/whatsapp/tenants/${t.documentId}/assign-phone`).set(auth).send({ phoneNumberId: target })
      )
    );
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409, 409, 409, 409]);
    const winner = responses.find((r) => r.status === 200)!.body.data;
    for (const loser of responses.filter((r) => r.status === 409)) {
      expect(loser.body.error.message).toBe(`Phone number +34 600 000 002 is already assigned to tenant '${winner.name}'`);
    }

    const holders = await app.strapi.db.query(UID.tenant).findMany({ where: { assignedPhoneNumberId: target } });
    expect(holders.map((h: any) => h.documentId)).toEqual([winner.id]);
    const number = await app.strapi.db.query(UID.phoneNumber).findOne({ where: { phoneNumberId: target } });
    expect(await linkRows('phone_number_id', number.id)).toBe(1);
  });

  it('leaves a tenant with one number when two numbers are assigned to it at the same time', async () => {
    const tenant = await createTenant(app, { name: 'Greedy' });
    const path = `/whatsapp/tenants/${tenant.documentId}/assign-phone`;
    const candidates = [SANDBOX_NUMBERS[0].id, SANDBOX_NUMBERS[2].id];
    const responses = await Promise.all(candidates.map((id) => app.http.post(path).set(auth).send({ phoneNumberId: id })));
    expect(responses.map((r) => r.status)).toEqual([200, 200]);

    const row = await app.strapi.db
      .query(UID.tenant)
      .findOne({ where: { documentId: tenant.documentId }, populate: { phoneNumber: true } });
    expect(candidates).toContain(row.assignedPhoneNumberId);
    expect(row.phoneNumber.phoneNumberId).toBe(row.assignedPhoneNumberId);
    expect(await linkRows('tenant_id', row.id)).toBe(1);
  });
});
