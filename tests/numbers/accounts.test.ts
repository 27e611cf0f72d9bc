/**
 * Dedicated business accounts through the admin API: create, list, rotate the token in one edit,
 * live connection test, sync of the account's numbers, delete; secrets are encrypted at rest and
 * never appear in any response. Strapi runs without a master account here, against a sandbox
 * that plays the dedicated WABA.
 */
import { createSandbox, type Sandbox } from '../../plugins/whatsapp/sandbox';
import { startTestApp, createAdmin, type TestApp } from '../helpers/strapi';
import { bearer, createTenant } from './helpers';
import { PLUGIN_ID, UID } from '../../plugins/whatsapp/shared/uids';

const DEDICATED = {
  wabaId: '300000000000001',
  accessToken: 'dedicated-access-token-AAAA1111',
  rotatedToken: 'dedicated-access-token-BBBB2222',
  appSecret: 'dedicated-app-secret-CCCC3333',
};

describe('numbers: business accounts', () => {
  let sandbox: Sandbox;
  let app: TestApp;
  let auth: Record<string, string>;
  let accountId: string;
  const bodies: string[] = [];

  const record = <T extends { body: unknown }>(res: T) => {
    bodies.push(JSON.stringify(res.body));
    return res;
  };

  beforeAll(async () => {
    sandbox = createSandbox({
      appSecret: DEDICATED.appSecret,
      accessTokens: [DEDICATED.accessToken, DEDICATED.rotatedToken],
      wabaId: DEDICATED.wabaId,
      phoneNumbers: [{ id: '300000000000101', displayPhoneNumber: '+34 944 000 101', verifiedName: 'Bilbao Bikes' }],
    });
    await sandbox.listen(0, '127.0.0.1');
    // No WhatsApp credentials: no master account; the Graph API URL points at the sandbox.
    app = await startTestApp({ sandbox: false, env: { WHATSAPP_GRAPH_API_URL: sandbox.url, WHATSAPP_OFFLINE_MODE: 'false' } });
    auth = bearer((await createAdmin(app)).token);
  });

  afterAll(async () => {
    for (const body of bodies) {
      for (const secret of [DEDICATED.accessToken, DEDICATED.rotatedToken, DEDICATED.appSecret]) {
        expect(body).not.toContain(secret);
      }
      expect(body).not.toMatch(/wa1:/); // not even the ciphertext
    }
    await app?.stop();
    await sandbox?.close();
  });

  it('starts with no account; a sync then says what to configure', async () => {
    const list = record(await app.http.get('/whatsapp/accounts').set(auth));
    expect(list.body.data).toEqual([]);
    const sync = record(await app.http.post('/whatsapp/phone-numbers/sync').set(auth).send({}));
    expect(sync.status).toBe(400);
    expect(sync.body.error.message).toMatch(/No WhatsApp Business Account is configured/);
  });

  it('adds a dedicated account; secrets are stored encrypted and shown only as set + last 4', async () => {
    const res = record(
      await app.http
        .post('/whatsapp/accounts')
        .set(auth)
        .send({ name: 'Bilbao Bikes WABA', wabaId: DEDICATED.wabaId, accessToken: DEDICATED.accessToken, appSecret: DEDICATED.appSecret })
    );
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      name: 'Bilbao Bikes WABA',
      wabaId: DEDICATED.wabaId,
      kind: 'dedicated',
      isMaster: false,
      accessTokenSet: true,
      accessTokenLast4: '1111',
      appSecretSet: true,
      appSecretLast4: '3333',
      connectionStatus: 'unknown',
      phoneNumberCount: 0,
    });
    accountId = res.body.data.id;
    const row = await app.strapi.db.query(UID.businessAccount).findOne({ where: { documentId: accountId } });
    expect(row.accessToken).toMatch(/^wa1:/);
    expect(row.accessToken).not.toContain(DEDICATED.accessToken);
    expect(row.appSecret).toMatch(/^wa1:/);
  });

  it.each([
    ['a duplicate WABA id', { name: 'Again', wabaId: DEDICATED.wabaId, accessToken: 'another-token-123456' }, 409, /already exists \('Bilbao Bikes WABA'\)/],
    ['no token', { name: 'No token', wabaId: '300000000000002' }, 400, /accessToken/],
    ['a bad WABA id', { name: 'Bad', wabaId: 'waba-1', accessToken: 'another-token-123456' }, 400, /wabaId must be Meta's numeric/],
    ['a bad API version', { name: 'Bad', wabaId: '300000000000003', accessToken: 'another-token-123456', apiVersion: '25' }, 400, /v25\.0/],
    ['a kind', { name: 'Bad', wabaId: '300000000000004', accessToken: 'another-token-123456', kind: 'shared' }, 400, /Unknown field\(s\): kind/],
  ])('refuses to create an account with %s', async (_label, body, status, message) => {
    const res = record(await app.http.post('/whatsapp/accounts').set(auth).send(body));
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
  });

  it('tests the connection live and syncs the account’s numbers', async () => {
    const test = record(await app.http.post(`/whatsapp/accounts/${accountId}/test`).set(auth));
    expect(test.status).toBe(200);
    expect(test.body.data).toMatchObject({ ok: true, connectionStatus: 'connected', phoneNumberCount: 1 });

    const sync = record(await app.http.post('/whatsapp/phone-numbers/sync').set(auth).send({ accountId }));
    expect(sync.body.data.accounts).toEqual([expect.objectContaining({ accountId, ok: true, created: 1 })]);
    const numbers = record(await app.http.get(`/whatsapp/phone-numbers?accountId=${accountId}`).set(auth));
    expect(numbers.body.data).toEqual([
      expect.objectContaining({
        phoneNumberId: '300000000000101',
        verifiedName: 'Bilbao Bikes',
        account: { id: accountId, name: 'Bilbao Bikes WABA', kind: 'dedicated', wabaId: DEDICATED.wabaId },
      }),
    ]);
    // Sends for this number will use the dedicated credentials, not a master's.
    const credentials = await app.strapi.plugin(PLUGIN_ID).service('accounts').credentialsForPhoneNumber('300000000000101');
    expect(credentials.accessToken).toBe(DEDICATED.accessToken);
  });

  it('rotates the token with one edit; a refused token shows as a connection error', async () => {
    const bad = record(await app.http.put(`/whatsapp/accounts/${accountId}`).set(auth).send({ accessToken: 'revoked-token-XXXX9999' }));
    expect(bad.status).toBe(200);
    expect(bad.body.data).toMatchObject({ accessTokenLast4: '9999', connectionStatus: 'unknown', appSecretLast4: '3333' });
    const failed = record(await app.http.post(`/whatsapp/accounts/${accountId}/test`).set(auth));
    expect(failed.body.data).toMatchObject({
      ok: false,
      connectionStatus: 'error',
      error: { code: 190, message: expect.stringMatching(/access token has expired or is invalid/) },
    });
    const list = record(await app.http.get('/whatsapp/accounts').set(auth));
    expect(list.body.data[0]).toMatchObject({ connectionStatus: 'error', lastError: expect.stringMatching(/access token/) });

    const rotated = record(await app.http.put(`/whatsapp/accounts/${accountId}`).set(auth).send({ accessToken: DEDICATED.rotatedToken }));
    expect(rotated.body.data.accessTokenLast4).toBe('2222');
    const ok = record(await app.http.post(`/whatsapp/accounts/${accountId}/test`).set(auth));
    expect(ok.body.data.ok).toBe(true);
    const credentials = await app.strapi.plugin(PLUGIN_ID).service('accounts').credentialsForPhoneNumber('300000000000101');
    expect(credentials.accessToken).toBe(DEDICATED.rotatedToken);
  });

  it('answers 400 for an empty or unknown edit and 404 for an unknown account', async () => {
    expect(record(await app.http.put(`/whatsapp/accounts/${accountId}`).set(auth).send({})).status).toBe(400);
    expect(record(await app.http.put(`/whatsapp/accounts/${accountId}`).set(auth).send({ wabaId: '1' })).status).toBe(400);
    expect(record(await app.http.put('/whatsapp/accounts/unknown').set(auth).send({ name: 'x' })).status).toBe(404);
    expect(record(await app.http.post('/whatsapp/accounts/unknown/test').set(auth)).status).toBe(404);
    expect(record(await app.http.delete('/whatsapp/accounts/unknown').set(auth)).status).toBe(404);
  });

  it('refuses to delete an account while a tenant uses its number, then deletes it with its numbers', async () => {
    const tenant = await createTenant(app, { name: 'Bilbao Bikes' });
    await app.http
      .post(`/whatsapp/tenants/${tenant.documentId}/assign-phone`)
      .set(auth)
      .send({ phoneNumberId: '300000000000101' })
      .expect(200);
    const refused = record(await app.http.delete(`/whatsapp/accounts/${accountId}`).set(auth));
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toBe(
      "Account 'Bilbao Bikes WABA' still has numbers assigned to tenants: +34 944 000 101 ('Bilbao Bikes'). Unassign them first."
    );

    await app.http.delete(`/whatsapp/tenants/${tenant.documentId}/assign-phone`).set(auth).expect(200);
    const deleted = record(await app.http.delete(`/whatsapp/accounts/${accountId}`).set(auth));
    expect(deleted.status).toBe(200);
    expect(await app.strapi.db.query(UID.phoneNumber).count({ where: { phoneNumberId: '300000000000101' } })).toBe(0);
    expect(record(await app.http.get('/whatsapp/accounts').set(auth)).body.data).toEqual([]);
  });

  it('shows the unconfigured mode in the settings', async () => {
    const res = record(await app.http.get('/whatsapp/settings').set(auth));
    expect(res.body.data).toMatchObject({ mode: 'unconfigured', verifyToken: { set: false, masked: null } });
    expect(res.body.data.webhookUrl).toMatch(/^http:\/\/.+\/api\/whatsapp\/webhook$/);
  });
});
