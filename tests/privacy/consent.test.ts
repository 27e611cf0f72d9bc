/**
 * Where an opt-in came from (#14): a customer writing an opt-in keyword on a real signed webhook,
 * a person ticking "Opted in" in the Content Manager, and code setting it through the document
 * service each record their source and time; writing "opted in" again keeps the first ones.
 */
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { customer, phoneNumber, tenant } from '../inbox/fixtures';
import { deliver, inboundPayload } from '../inbound/helpers';
import { UID } from '../../plugins/whatsapp/shared/uids';

describe('opt-in source', () => {
  let app: TestApp;
  let admin: { token: string };
  let bakery: any;
  const row = (id: number) => app.strapi.db.query(UID.customer).findOne({ where: { id } });

  beforeAll(async () => {
    app = await startTestApp();
    admin = await createAdmin(app);
    bakery = await tenant(app, 'Bakery', await phoneNumber(app, TEST_CREDENTIALS.phoneNumberId, TEST_CREDENTIALS.displayPhoneNumber));
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('records an opt-in keyword written by the customer, at the time of their message', async () => {
    const ana = await customer(app, { name: 'Ana', phone: '+34600111222', tenant: bakery });
    await app.strapi.db.query(UID.customer).update({ where: { id: ana.id }, data: { marketingOptOut: true } });
    const sentAt = Math.floor(Date.now() / 1000) - 60;
    await deliver(app, inboundPayload({ from: ana.waId, timestamp: String(sentAt), message: { type: 'text', text: { body: '¡Alta!' } } }));
    expect(await row(ana.id)).toMatchObject({ optedIn: true, optInSource: 'inbound-keyword', marketingOptOut: false, optedOut: false });
    expect(new Date((await row(ana.id)).optedInAt).getTime()).toBe(sentAt * 1000);

    // Any other text is not an opt-in.
    const bob = await customer(app, { name: 'Bob', phone: '+34600333444', tenant: bakery });
    await deliver(app, inboundPayload({ from: bob.waId, message: { type: 'text', text: { body: 'Start the oven at 6?' } } }));
    expect(await row(bob.id)).toMatchObject({ optedIn: false, optInSource: null });
  });

  it('records an opt-in ticked in the Content Manager as given to a person', async () => {
    const carla = await customer(app, { name: 'Carla', phone: '+34600555666', tenant: bakery });
    const url = `/content-manager/collection-types/${UID.customer}/${carla.documentId}`;
    const auth = { Authorization: `Bearer ${admin.token}` };
    const shown = (await app.http.get(url).set(auth)).body.data;
    const { id, documentId, createdAt, updatedAt, publishedAt, createdBy, updatedBy, locale, localizations, ...form } = shown;
    const saved = await app.http.put(url).set(auth).send({ ...form, optedIn: true });
    expect([saved.status, saved.body.error]).toEqual([200, undefined]);
    const stored = await row(carla.id);
    expect(stored).toMatchObject({ optedIn: true, optInSource: 'admin' });
    expect(stored.optedInAt).not.toBeNull();

    // The source is the plugin's to set: a forged one from the form is refused.
    const forged = await app.http.put(url).set(auth).send({ ...form, optedIn: true, optInSource: 'inbound-keyword' });
    expect(forged.status).toBe(400);
    expect((await row(carla.id)).optInSource).toBe('admin');
  });

  it('records an opt-in set by code as api, once', async () => {
    const dani = await customer(app, { name: 'Dani', phone: '+34600777888', tenant: bakery });
    await app.strapi.documents(UID.customer).update({ documentId: dani.documentId, data: { optedIn: true } as any });
    const first = await row(dani.id);
    expect(first).toMatchObject({ optedIn: true, optInSource: 'api' });
    expect(first.optedInAt).not.toBeNull();

    await app.strapi.documents(UID.customer).update({ documentId: dani.documentId, data: { optedIn: true, notes: 'VIP' } as any });
    const again = await row(dani.id);
    expect([again.optInSource, new Date(again.optedInAt).getTime()]).toEqual(['api', new Date(first.optedInAt).getTime()]);
  });
});
