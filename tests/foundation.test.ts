/**
 * The foundation: Strapi boots with the plugin, every content type exists with its constraints,
 * the master account and default number are written from the environment, and secrets are
 * encrypted at rest and never returned by the document service.
 */
import { startTestApp, TEST_CREDENTIALS, type TestApp } from './helpers/strapi';
import { PLUGIN_ID, UID } from '../plugins/whatsapp/shared/uids';

// Native driver errors may come from another jest realm (better-sqlite3 is loaded once per process),
// so `toThrow()` cannot be used: match the database's unique-violation message instead.
const UNIQUE_VIOLATION = { message: expect.stringMatching(/UNIQUE|unique constraint|duplicate key/i) };

const UIDS = [
  UID.businessAccount,
  UID.phoneNumber,
  UID.tenant,
  UID.customer,
  UID.message,
  UID.template,
  UID.automation,
  UID.webhookEvent,
] as const;

describe('foundation', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp();
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('boots with the whatsapp plugin and all its content types', () => {
    expect(app.strapi.plugin(PLUGIN_ID)).toBeDefined();
    for (const uid of UIDS) expect(app.strapi.contentType(uid)).toBeDefined();
    expect(app.strapi.contentType(UID.message).collectionName).toBe('whatsapp_messages');
  });

  it('creates the master account and its default phone number at bootstrap', async () => {
    const account = await app.strapi.db
      .query(UID.businessAccount)
      .findOne({ where: { wabaId: TEST_CREDENTIALS.businessAccountId } });
    expect(account).toMatchObject({ kind: 'shared', isMaster: true, apiVersion: 'v25.0' });

    const number = await app.strapi.db
      .query(UID.phoneNumber)
      .findOne({ where: { phoneNumberId: TEST_CREDENTIALS.phoneNumberId }, populate: { account: true } });
    expect(number).toMatchObject({ isDefault: true });
    expect(number.account.id).toBe(account.id);
  });

  it('stores secrets encrypted and never returns them from the document service', async () => {
    const raw = await app.strapi.db
      .query(UID.businessAccount)
      .findOne({ where: { isMaster: true } });
    expect(raw.accessToken).toMatch(/^wa1:/);
    expect(raw.accessToken).not.toContain(TEST_CREDENTIALS.accessToken);
    expect(raw.appSecret).toMatch(/^wa1:/);
    expect(raw.accessTokenLast4).toBe(TEST_CREDENTIALS.accessToken.slice(-4));

    const doc = await app.strapi.documents(UID.businessAccount).findOne({ documentId: raw.documentId });
    expect(doc).not.toHaveProperty('accessToken');
    expect(doc).not.toHaveProperty('appSecret');
    expect(JSON.stringify(doc)).not.toContain(TEST_CREDENTIALS.accessToken);

    const credentials = app.strapi.plugin(PLUGIN_ID).service('accounts').credentialsOf(raw);
    expect(credentials.accessToken).toBe(TEST_CREDENTIALS.accessToken);
  });

  it('keeps a secret when an edit sends it blank (write-only fields)', async () => {
    const accounts = app.strapi.documents(UID.businessAccount);
    const created = await accounts.create({
      data: { name: 'Dedicated', wabaId: '300000000000009', kind: 'dedicated', accessToken: 'dedicated-token-XYZ9' } as any,
    });
    await accounts.update({ documentId: created.documentId, data: { name: 'Renamed', accessToken: '' } as any });
    const raw = await app.strapi.db.query(UID.businessAccount).findOne({ where: { wabaId: '300000000000009' } });
    expect(raw.name).toBe('Renamed');
    expect(app.strapi.plugin(PLUGIN_ID).service('secrets').decrypt(raw.accessToken)).toBe('dedicated-token-XYZ9');
    expect(raw.accessTokenLast4).toBe('XYZ9');
  });

  it('rejects a duplicate wamid', async () => {
    const messages = app.strapi.db.query(UID.message);
    await messages.create({ data: { wamid: 'wamid.DUPLICATE', direction: 'inbound', type: 'text', deliveryStatus: 'received' } });
    await expect(
      messages.create({ data: { wamid: 'wamid.DUPLICATE', direction: 'inbound', type: 'text', deliveryStatus: 'received' } })
    ).rejects.toMatchObject(UNIQUE_VIOLATION);
    expect(await messages.count({ where: { wamid: 'wamid.DUPLICATE' } })).toBe(1);
  });

  it('allows many messages without a wamid yet (queued outbound)', async () => {
    const messages = app.strapi.db.query(UID.message);
    await messages.create({ data: { direction: 'outbound', type: 'text', deliveryStatus: 'queued', body: 'a' } });
    await messages.create({ data: { direction: 'outbound', type: 'text', deliveryStatus: 'queued', body: 'b' } });
    expect(await messages.count({ where: { wamid: null, direction: 'outbound' } })).toBeGreaterThanOrEqual(2);
  });

  it('rejects a duplicate phoneNumberId', async () => {
    const numbers = app.strapi.db.query(UID.phoneNumber);
    await expect(numbers.create({ data: { phoneNumberId: TEST_CREDENTIALS.phoneNumberId } })).rejects.toMatchObject(
      UNIQUE_VIOLATION
    );
  });

  it('validates message enumerations through the document service', async () => {
    await expect(
      app.strapi.documents(UID.message).create({ data: { direction: 'sideways', type: 'text' } as any })
    ).rejects.toThrow();
  });

  it('marks secrets as private attributes', () => {
    const attributes = app.strapi.contentType(UID.businessAccount).attributes as any;
    expect(attributes.accessToken.private).toBe(true);
    expect(attributes.appSecret.private).toBe(true);
  });
});
