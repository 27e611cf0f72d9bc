/**
 * Routing by metadata.phone_number_id to number, account and tenant; unknown numbers; dedicated
 * accounts' app secrets; customers matched within the tenant (normalised phone, BSUID), created
 * when unknown, opted out by keyword or user_preferences.
 */
import { startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { deliver, envelope, inboundPayload, messageByWamid, messagesValue, nowSeconds, postSigned, query, settle, wamid } from './helpers';
import { PLUGIN_ID, UID } from '../../plugins/whatsapp/shared/uids';

const PN_BAKERY = '100000000000002';
const PN_GARAGE = '100000000000003';
const PN_DEDICATED = '100000000000004';
const DEDICATED_WABA = '200000000000009';
const DEDICATED_SECRET = 'dedicated-app-secret-0987';

describe('routing, tenants and customers', () => {
  let app: TestApp;
  let bakery: any;
  let garage: any;

  beforeAll(async () => {
    app = await startTestApp();
    const master = await query(app, 'business-account').findOne({ where: { isMaster: true } });
    const bakeryNumber = await query(app, 'phone-number').create({ data: { phoneNumberId: PN_BAKERY, displayPhoneNumber: '+34 600 000 002', account: master.id } });
    const garageNumber = await query(app, 'phone-number').create({ data: { phoneNumberId: PN_GARAGE, displayPhoneNumber: '+34 600 000 003', account: master.id } });
    bakery = await query(app, 'tenant').create({ data: { name: 'Bakery', whatsappEnabled: true, phoneNumber: bakeryNumber.id } });
    garage = await query(app, 'tenant').create({ data: { name: 'Garage', whatsappEnabled: true, phoneNumber: garageNumber.id } });
  });

  afterAll(async () => {
    await app?.stop();
  });

  describe('routing', () => {
    it('routes a batch with two numbers of two tenants to each tenant and its own customer', async () => {
      const a = wamid('bakery');
      const b = wamid('garage');
      const from = '34611000111';
      const payload = envelope(TEST_CREDENTIALS.businessAccountId, [
        { field: 'messages', value: messagesValue({ phoneNumberId: PN_BAKERY }, { contacts: [{ profile: { name: 'Nerea' }, wa_id: from }], messages: [{ from, id: a, timestamp: nowSeconds(), type: 'text', text: { body: 'bread?' } }] }) },
      ]);
      payload.entry.push(
        envelope(TEST_CREDENTIALS.businessAccountId, [
          { field: 'messages', value: messagesValue({ phoneNumberId: PN_GARAGE }, { contacts: [{ profile: { name: 'Nerea' }, wa_id: from }], messages: [{ from, id: b, timestamp: nowSeconds(), type: 'text', text: { body: 'tyres?' } }] }) },
        ]).entry[0]
      );
      await deliver(app, payload);

      const inBakery = await messageByWamid(app, a);
      const inGarage = await messageByWamid(app, b);
      expect(inBakery.tenant.id).toBe(bakery.id);
      expect(inGarage.tenant.id).toBe(garage.id);
      expect(inBakery.conversationKey).toBe(`${PN_BAKERY}:${from}`);
      // The same person is a customer of each tenant, separately.
      expect(inBakery.customer.id).not.toBe(inGarage.customer.id);
      const customers = await query(app, 'customer').findMany({ where: { phone: '+34611000111' }, populate: { tenant: true } });
      expect(customers.map((c: any) => c.tenant.name).sort()).toEqual(['Bakery', 'Garage']);
      expect(customers.map((c: any) => c.identityKey).sort()).toEqual([`${bakery.documentId}|+34611000111`, `${garage.documentId}|+34611000111`].sort());

      const event = await query(app, 'webhook-event').findOne({ where: { rawBody: { $contains: a } }, populate: { tenant: true } });
      expect(event.processingStatus).toBe('processed');
      expect(event.phoneNumberIds).toBe(`${PN_BAKERY},${PN_GARAGE}`);
      expect(event.tenant).toBeNull(); // two tenants: none is "the" tenant of the event
    });

    it('records the tenant on an event about one tenant', async () => {
      const id = wamid('one');
      await deliver(app, inboundPayload({ id, ref: { phoneNumberId: PN_BAKERY } }));
      const event = await query(app, 'webhook-event').findOne({ where: { rawBody: { $contains: id } }, populate: { tenant: true } });
      expect(event.tenant.id).toBe(bakery.id);
    });

    it('stores messages to a number with no tenant without a tenant', async () => {
      const id = wamid('notenant');
      await deliver(app, inboundPayload({ id, from: '34622000222' }));
      const m = await messageByWamid(app, id);
      expect(m.tenant).toBeNull();
      expect(m.customer).toMatchObject({ phone: '+34622000222', identityKey: '-|+34622000222' });
    });

    it('keeps an event for an unknown number as unrouted (200), and a retry after adding the number processes it', async () => {
      const id = wamid('unknown');
      const payload = inboundPayload({ id, ref: { phoneNumberId: '109999999999999' } });
      const res = await postSigned(app, payload);
      expect(res.status).toBe(200);
      await settle(app);
      const event = await query(app, 'webhook-event').findOne({ where: { rawBody: { $contains: id } } });
      expect(event.processingStatus).toBe('unrouted');
      expect(event.error).toMatch(/109999999999999/);
      expect(await messageByWamid(app, id)).toBeNull();

      const master = await query(app, 'business-account').findOne({ where: { isMaster: true } });
      await query(app, 'phone-number').create({ data: { phoneNumberId: '109999999999999', account: master.id } });
      const retried = await app.strapi.plugin(PLUGIN_ID).service('webhook-processor').retry(event.id);
      expect(retried).toMatchObject({ retried: true });
      await settle(app);
      expect((await query(app, 'webhook-event').findOne({ where: { id: event.id } })).processingStatus).toBe('processed');
      expect(await messageByWamid(app, id)).not.toBeNull();
    });
  });

  describe('dedicated accounts', () => {
    let accountDocumentId: string;

    beforeAll(async () => {
      const account = await app.strapi.documents(UID.businessAccount).create({
        data: { name: 'Garage group', wabaId: DEDICATED_WABA, kind: 'dedicated', accessToken: 'dedicated-token', appSecret: DEDICATED_SECRET } as any,
      });
      accountDocumentId = account.documentId;
      await app.strapi.documents(UID.phoneNumber).create({ data: { phoneNumberId: PN_DEDICATED, account: account.documentId } as any });
    });

    const dedicatedPayload = (id: string) => inboundPayload({ id, ref: { wabaId: DEDICATED_WABA, phoneNumberId: PN_DEDICATED } });

    it("accepts a POST signed with the dedicated account's app secret", async () => {
      const id = wamid('dedicated');
      expect((await postSigned(app, dedicatedPayload(id), DEDICATED_SECRET)).status).toBe(200);
      await settle(app);
      expect(await messageByWamid(app, id)).not.toBeNull();
    });

    it('refuses a POST for that account signed with an unrelated secret', async () => {
      expect((await postSigned(app, dedicatedPayload(wamid('forged')), 'guessed-secret')).status).toBe(401);
    });

    it('uses a rotated secret at once and refuses the old one', async () => {
      await app.strapi.documents(UID.businessAccount).update({ documentId: accountDocumentId, data: { appSecret: 'rotated-secret-1234' } as any });
      expect((await postSigned(app, dedicatedPayload(wamid('old')), DEDICATED_SECRET)).status).toBe(401);
      expect((await postSigned(app, dedicatedPayload(wamid('new')), 'rotated-secret-1234')).status).toBe(200);
      await settle(app);
    });
  });

  describe('customers', () => {
    it('matches an existing customer saved with a formatted phone, and sets lastInboundAt', async () => {
      const existing = await app.strapi.documents(UID.customer).create({
        data: { name: 'Iker (CRM)', phone: '+34 633 12 34 56', tenant: bakery.documentId } as any,
      });
      const before = await query(app, 'customer').count();
      const id = wamid('match');
      const ts = nowSeconds(-5);
      await deliver(app, inboundPayload({ id, from: '34633123456', name: 'Iker WA', timestamp: ts, ref: { phoneNumberId: PN_BAKERY } }));
      const m = await messageByWamid(app, id);
      expect(m.customer.documentId).toBe(existing.documentId);
      expect(await query(app, 'customer').count()).toBe(before);
      const customer = await query(app, 'customer').findOne({ where: { documentId: existing.documentId } });
      expect(customer).toMatchObject({ name: 'Iker (CRM)', phone: '+34633123456', waId: '34633123456', profileName: 'Iker WA' });
      expect(new Date(customer.lastInboundAt).getTime()).toBe(Number(ts) * 1000);
    });

    it('refuses, through the document service, a second customer with the same phone in a tenant, or a phone that is not international', async () => {
      const customers = app.strapi.documents(UID.customer);
      await customers.create({ data: { name: 'First', phone: '+34 677 000 111', tenant: garage.documentId } as any });
      await expect(customers.create({ data: { name: 'Second', phone: '0034677000111', tenant: garage.documentId } as any })).rejects.toThrow(/already exists in this tenant/);
      // Another tenant may have the same person.
      await expect(customers.create({ data: { name: 'Elsewhere', phone: '+34677000111', tenant: bakery.documentId } as any })).resolves.toBeTruthy();
      await expect(customers.create({ data: { name: 'Bad', phone: 'call me' } as any })).rejects.toThrow(/international phone number/);
    });

    it('matches Mexican numbers stored without the 1 that wa_id carries', async () => {
      const existing = await query(app, 'customer').create({ data: { name: 'Lupita', phone: '+525512345678', identityKey: `${garage.documentId}|+525512345678`, tenant: garage.id } });
      const id = wamid('mx');
      await deliver(app, inboundPayload({ id, from: '5215512345678', ref: { phoneNumberId: PN_GARAGE } }));
      expect((await messageByWamid(app, id)).customer.id).toBe(existing.id);
    });

    it('matches by business-scoped user id when the phone is absent', async () => {
      const existing = await query(app, 'customer').create({ data: { name: 'Username user', userId: 'ES.77aa88bb', identityKey: `${bakery.documentId}|ES.77aa88bb`, tenant: bakery.id } });
      const id = wamid('bsuid');
      await deliver(app, inboundPayload({ id, from: '', userId: 'ES.77aa88bb', ref: { phoneNumberId: PN_BAKERY } }));
      expect((await messageByWamid(app, id)).customer.id).toBe(existing.id);
    });

    it('creates an unknown sender once, named from the profile, even when two of their messages arrive together', async () => {
      const from = '34644555666';
      const ids = [wamid('new1'), wamid('new2'), wamid('new3')];
      const responses = await Promise.all(ids.map((id) => postSigned(app, inboundPayload({ id, from, name: 'Maite', ref: { phoneNumberId: PN_BAKERY } }))));
      expect(responses.every((r) => r.status === 200)).toBe(true);
      await settle(app);
      const customers = await query(app, 'customer').findMany({ where: { phone: '+34644555666' } });
      expect(customers).toHaveLength(1);
      expect(customers[0]).toMatchObject({ name: 'Maite', profileName: 'Maite', waId: from });
      for (const id of ids) expect((await messageByWamid(app, id)).customer.id).toBe(customers[0].id);
    });

    it.each([['STOP'], ['Baja.'], ['  unsubscribe ']])('opts the customer out of marketing on "%s"', async (text) => {
      const from = `3465500${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}`;
      await deliver(app, inboundPayload({ id: wamid('stop'), from, message: { type: 'text', text: { body: text } } }));
      const customer = await query(app, 'customer').findOne({ where: { waId: from } });
      expect(customer).toMatchObject({ marketingOptOut: true });
      expect(customer.marketingOptOutAt).toBeTruthy();
    });

    it('does not opt out on a sentence that merely contains a keyword', async () => {
      const from = '34656000111';
      await deliver(app, inboundPayload({ id: wamid('nostop'), from, message: { type: 'text', text: { body: "don't stop the bread deliveries" } } }));
      expect(await query(app, 'customer').findOne({ where: { waId: from } })).toMatchObject({ marketingOptOut: false });
    });

    it('applies user_preferences marketing stop and resume', async () => {
      const from = '34657000222';
      const prefs = (value: string, offset: number) =>
        envelope(TEST_CREDENTIALS.businessAccountId, [
          {
            field: 'user_preferences',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '34600000002', phone_number_id: PN_BAKERY },
              contacts: [{ wa_id: from, profile: { name: 'Pref user' } }],
              user_preferences: [{ wa_id: from, detail: 'User requested to stop marketing messages', category: 'marketing_messages', value, timestamp: Number(nowSeconds(offset)) }],
            },
          },
        ]);
      await deliver(app, prefs('stop', 0));
      const stopped = await query(app, 'customer').findOne({ where: { waId: from }, populate: { tenant: true } });
      expect(stopped).toMatchObject({ marketingOptOut: true, tenant: { id: bakery.id } });
      await deliver(app, prefs('resume', 1));
      expect(await query(app, 'customer').findOne({ where: { waId: from } })).toMatchObject({ marketingOptOut: false });
    });
  });
});

describe('customers with autoCreateCustomers off', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ env: { WHATSAPP_AUTO_CREATE_CUSTOMERS: 'false' } });
  });

  afterAll(async () => {
    await app?.stop();
  });

  it("stores the message with the sender's number and no customer", async () => {
    const id = wamid('nocreate');
    await deliver(app, inboundPayload({ id, from: '34699888777' }));
    const m = await messageByWamid(app, id);
    expect(m).toMatchObject({ customerPhone: '+34699888777', customerWaId: '34699888777', customer: null });
    expect(await query(app, 'customer').count()).toBe(0);
  });
});
