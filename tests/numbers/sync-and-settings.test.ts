/**
 * Number sync from the Graph API (on demand and on schedule), tenants list with search, filters
 * and pagination, tenant settings, the master account's limits, and the settings route.
 */
import { startTestApp, createAdmin, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { bearer, createTenant, SANDBOX_NUMBERS } from './helpers';
import { UID } from '../../plugins/whatsapp/shared/uids';

describe('numbers: sync, tenants list, settings', () => {
  let app: TestApp;
  let auth: Record<string, string>;
  const bodies: string[] = [];
  const warnings: string[] = [];

  const record = <T extends { body: unknown; text?: string }>(res: T) => {
    bodies.push(JSON.stringify(res.body));
    return res;
  };

  beforeAll(async () => {
    app = await startTestApp({
      sandbox: { phoneNumbers: SANDBOX_NUMBERS },
      env: { WHATSAPP_PUBLIC_URL: 'https://crm.example.com/', WHATSAPP_SYNC_CRON: '0 */2 * * *' },
    });
    auth = bearer((await createAdmin(app)).token);
    const warn = app.strapi.log.warn.bind(app.strapi.log);
    jest.spyOn(app.strapi.log, 'warn').mockImplementation(((message: unknown, ...rest: unknown[]) => {
      warnings.push(String(message));
      return warn(message as string, ...(rest as []));
    }) as any);
  });

  afterAll(async () => {
    // No response of this file carried a secret.
    for (const body of bodies) {
      expect(body).not.toContain(TEST_CREDENTIALS.accessToken);
      expect(body).not.toContain(TEST_CREDENTIALS.appSecret);
      expect(body).not.toContain(TEST_CREDENTIALS.verifyToken.slice(0, 12));
    }
    await app?.stop();
  });

  const numbersById = async () => {
    const res = record(await app.http.get('/whatsapp/phone-numbers').set(auth));
    return Object.fromEntries(res.body.data.map((n: any) => [n.phoneNumberId, n]));
  };

  it('syncs every number of the master account with its details', async () => {
    const res = record(await app.http.post('/whatsapp/phone-numbers/sync').set(auth).send({}));
    expect(res.status).toBe(200);
    expect(res.body.data.accounts).toEqual([
      expect.objectContaining({ ok: true, created: 2, updated: 1, missing: 0 }), // the default number existed
    ]);
    const byId = await numbersById();
    expect(byId[TEST_CREDENTIALS.phoneNumberId]).toMatchObject({
      displayPhoneNumber: TEST_CREDENTIALS.displayPhoneNumber,
      verifiedName: 'Test Bakery',
      qualityRating: 'GREEN',
      messagingLimitTier: 'TIER_2K',
      nameStatus: 'APPROVED',
      codeVerificationStatus: 'VERIFIED',
      throughputLevel: 'STANDARD',
      isDefault: true,
    });
    expect(byId[TEST_CREDENTIALS.phoneNumberId].lastSyncedAt).toEqual(expect.any(String));
  });

  it('marks a number Meta no longer lists as missing, keeps it, and clears the mark when it returns', async () => {
    const master = await app.strapi.db.query(UID.businessAccount).findOne({ where: { isMaster: true } });
    await app.strapi.db.query(UID.phoneNumber).create({
      data: { phoneNumberId: '100000000000099', displayPhoneNumber: '+34 600 000 099', account: master.id },
    });
    const res = record(await app.http.post('/whatsapp/phone-numbers/sync').set(auth).send({ accountId: master.documentId }));
    expect(res.body.data.accounts[0]).toMatchObject({ ok: true, missing: 1 });
    const byId = await numbersById();
    expect(byId['100000000000099']).toMatchObject({ missingAtMeta: true, displayPhoneNumber: '+34 600 000 099' });
    expect(byId[SANDBOX_NUMBERS[1].id].missingAtMeta).toBe(false);

    const available = record(await app.http.get('/whatsapp/phone-numbers?available=true').set(auth));
    expect(available.body.data.map((n: any) => n.phoneNumberId)).not.toContain('100000000000099');

    // Meta lists it again (e.g. re-registered): the mark goes away.
    await app.strapi.db
      .query(UID.phoneNumber)
      .update({ where: { phoneNumberId: SANDBOX_NUMBERS[2].id }, data: { missingAtMeta: true, qualityRating: 'GREEN' } });
    record(await app.http.post('/whatsapp/phone-numbers/sync').set(auth).send({}));
    expect((await numbersById())[SANDBOX_NUMBERS[2].id]).toMatchObject({ missingAtMeta: false, qualityRating: 'RED' });
  });

  it('reports a Meta failure per account without touching the numbers or leaking the token', async () => {
    app.sandbox!.injectFault({ kind: 'error', status: 401, code: 190, title: 'Invalid OAuth access token', path: 'phone_numbers' });
    try {
      const res = record(await app.http.post('/whatsapp/phone-numbers/sync').set(auth).send({}));
      expect(res.status).toBe(200);
      expect(res.body.data.accounts[0]).toMatchObject({
        ok: false,
        error: { code: 190, message: expect.stringMatching(/access token has expired or is invalid/) },
      });
      const byId = await numbersById();
      expect(byId[SANDBOX_NUMBERS[1].id].missingAtMeta).toBe(false);
      const master = await app.strapi.db.query(UID.businessAccount).findOne({ where: { isMaster: true } });
      expect(master.connectionStatus).toBe('error');
    } finally {
      app.sandbox!.clearFaults();
    }
  });

  it('runs the scheduled sync from the cron rule and survives Meta errors', async () => {
    const job = (app.strapi.cron as any).jobs.find((j: any) => j.name === 'whatsappNumberSync');
    expect(job).toBeDefined();
    expect(job.options.rule).toBe('0 */2 * * *');

    app.sandbox!.injectFault({ kind: 'error', status: 500, code: 2, title: 'Service temporarily unavailable', path: 'phone_numbers' });
    try {
      await expect(job.job.invoke()).resolves.toBeUndefined();
    } finally {
      app.sandbox!.clearFaults();
    }
    const line = warnings.find((w) => w.includes('Scheduled number sync failed'));
    expect(line).toBeDefined();
    expect(line).not.toContain(TEST_CREDENTIALS.accessToken);

    await job.job.invoke();
    const master = await app.strapi.db.query(UID.businessAccount).findOne({ where: { isMaster: true } });
    expect(master.connectionStatus).toBe('connected');
  });

  it('answers 404 for an unknown account and 400 for a bad sync body', async () => {
    const unknown = record(await app.http.post('/whatsapp/phone-numbers/sync').set(auth).send({ accountId: 'nope' }));
    expect(unknown.status).toBe(404);
    const bad = record(await app.http.post('/whatsapp/phone-numbers/sync').set(auth).send({ wabaId: 1 }));
    expect(bad.status).toBe(400);
    const badQuery = record(await app.http.get('/whatsapp/phone-numbers?available=maybe').set(auth));
    expect(badQuery.status).toBe(400);
  });

  describe('tenants list', () => {
    beforeAll(async () => {
      for (let i = 1; i <= 30; i += 1) {
        await createTenant(app, { name: `Store ${String(i).padStart(2, '0')}`, whatsappEnabled: i % 3 !== 0 });
      }
      const store01 = await app.strapi.db.query(UID.tenant).findOne({ where: { name: 'Store 01' } });
      await app.http
        .post(`/whatsapp/tenants/${store01.documentId}/assign-phone`)
        .set(auth)
        .send({ phoneNumberId: SANDBOX_NUMBERS[1].id })
        .expect(200);
    });

    it('paginates, sorted by name', async () => {
      const res = record(await app.http.get('/whatsapp/tenants?page=2&pageSize=10').set(auth));
      expect(res.status).toBe(200);
      expect(res.body.meta.pagination).toEqual({ page: 2, pageSize: 10, pageCount: 3, total: 30 });
      expect(res.body.data.map((t: any) => t.name)).toEqual(
        Array.from({ length: 10 }, (_, i) => `Store ${String(i + 11).padStart(2, '0')}`)
      );
    });

    it('shows each tenant with enabled flag, language, number and status', async () => {
      const res = record(await app.http.get('/whatsapp/tenants?q=store 0&pageSize=3').set(auth));
      expect(res.body.data).toEqual([
        expect.objectContaining({
          name: 'Store 01',
          whatsappEnabled: true,
          defaultLanguage: 'en',
          phoneNumberId: SANDBOX_NUMBERS[1].id,
          displayPhoneNumber: SANDBOX_NUMBERS[1].displayPhoneNumber,
          qualityRating: 'YELLOW',
          status: 'configured',
        }),
        expect.objectContaining({ name: 'Store 02', phoneNumberId: null, status: 'not_configured' }),
        expect.objectContaining({ name: 'Store 03', whatsappEnabled: false, status: 'disabled' }),
      ]);
    });

    it('searches by name or number and filters by status', async () => {
      const byNumber = record(await app.http.get('/whatsapp/tenants?q=600 000 002').set(auth));
      expect(byNumber.body.data.map((t: any) => t.name)).toEqual(['Store 01']);
      const disabled = record(await app.http.get('/whatsapp/tenants?status=disabled&pageSize=100').set(auth));
      expect(disabled.body.data).toHaveLength(10);
      expect(disabled.body.data.every((t: any) => t.status === 'disabled')).toBe(true);
      const configured = record(await app.http.get('/whatsapp/tenants?status=configured').set(auth));
      expect(configured.body.data.map((t: any) => t.name)).toEqual(['Store 01']);
      const notConfigured = record(await app.http.get('/whatsapp/tenants?status=not_configured&q=Store&pageSize=100').set(auth));
      expect(notConfigured.body.meta.pagination.total).toBe(19);
    });

    it.each(['page=0', 'pageSize=500', 'status=broken', 'sort=name'])('answers 400 for a bad query (%s)', async (query) => {
      const res = record(await app.http.get(`/whatsapp/tenants?${query}`).set(auth));
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('ValidationError');
    });

    it('updates a tenant’s WhatsApp switch and default language', async () => {
      const store03 = await app.strapi.db.query(UID.tenant).findOne({ where: { name: 'Store 03' } });
      const res = record(
        await app.http
          .put(`/whatsapp/tenants/${store03.documentId}/settings`)
          .set(auth)
          .send({ whatsappEnabled: true, defaultLanguage: 'eu' })
      );
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ whatsappEnabled: true, defaultLanguage: 'eu', status: 'not_configured' });
      for (const body of [{}, { defaultLanguage: 'Basque' }, { whatsappEnabled: 'yes' }, { name: 'x' }]) {
        const bad = record(await app.http.put(`/whatsapp/tenants/${store03.documentId}/settings`).set(auth).send(body));
        expect(bad.status).toBe(400);
      }
    });
  });

  describe('master account and settings', () => {
    it('lists the master account with secret flags and last 4 only', async () => {
      const res = record(await app.http.get('/whatsapp/accounts').set(auth));
      expect(res.status).toBe(200);
      expect(res.body.data[0]).toMatchObject({
        isMaster: true,
        kind: 'shared',
        wabaId: TEST_CREDENTIALS.businessAccountId,
        accessTokenSet: true,
        accessTokenLast4: TEST_CREDENTIALS.accessToken.slice(-4),
        appSecretSet: true,
        appSecretLast4: TEST_CREDENTIALS.appSecret.slice(-4),
        phoneNumberCount: 4,
      });
      expect(res.body.data[0]).not.toHaveProperty('accessToken');
    });

    it('keeps the master’s secrets in the environment: no rotation, no deletion, renaming is fine', async () => {
      const master = await app.strapi.db.query(UID.businessAccount).findOne({ where: { isMaster: true } });
      const rotate = record(
        await app.http.put(`/whatsapp/accounts/${master.documentId}`).set(auth).send({ accessToken: 'new-master-token-1234' })
      );
      expect(rotate.status).toBe(400);
      expect(rotate.body.error.message).toMatch(/WHATSAPP_ACCESS_TOKEN/);
      const remove = record(await app.http.delete(`/whatsapp/accounts/${master.documentId}`).set(auth));
      expect(remove.status).toBe(400);
      const rename = record(await app.http.put(`/whatsapp/accounts/${master.documentId}`).set(auth).send({ name: 'Group WABA' }));
      expect(rename.status).toBe(200);
      expect(rename.body.data.name).toBe('Group WABA');
    });

    it('tests the master connection live', async () => {
      const master = await app.strapi.db.query(UID.businessAccount).findOne({ where: { isMaster: true } });
      const res = record(await app.http.post(`/whatsapp/accounts/${master.documentId}/test`).set(auth));
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ ok: true, connectionStatus: 'connected', phoneNumberCount: 3 });
    });

    it('shows the webhook URL, a masked verify token, the API version and the fields to subscribe', async () => {
      const res = record(await app.http.get('/whatsapp/settings').set(auth));
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({
        mode: 'live',
        webhookUrl: 'https://crm.example.com/api/whatsapp/webhook',
        webhookUrlConfigured: true,
        verifyToken: { set: true, masked: `••••••••${TEST_CREDENTIALS.verifyToken.slice(-4)}` },
        apiVersion: 'v25.0',
        appSecretSet: true,
        syncSchedule: '0 */2 * * *',
        sandboxUrl: null,
      });
      expect(res.body.data.webhookFields.map((f: any) => f.field)).toEqual(
        expect.arrayContaining(['messages', 'message_template_status_update', 'phone_number_quality_update'])
      );
      expect(JSON.stringify(res.body)).not.toContain(TEST_CREDENTIALS.verifyToken);
    });

    it('reveals the verify token to an admin with settings-update', async () => {
      const res = await app.http.get('/whatsapp/settings/verify-token').set(auth);
      expect(res.status).toBe(200);
      expect(res.body.data.verifyToken).toBe(TEST_CREDENTIALS.verifyToken);
    });
  });
});
