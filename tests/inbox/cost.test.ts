/**
 * What each message costs (docs/pricing.md): the `pricing` of signed status webhooks is stored per
 * message, and GET /whatsapp/stats applies the rate card to it, per tenant, number, template and
 * rule, per day and per month, with the free ones counted apart; /whatsapp/stats/export.csv is
 * the same as a CSV attachment.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAdmin, startTestApp, TEST_CREDENTIALS, type TestApp } from '../helpers/strapi';
import { customer, limitedAdmin, message, phoneNumber, tenant, wamid } from './fixtures';
import { deliver, messageByWamid, statusPayload } from '../inbound/helpers';
import card from '../../plugins/whatsapp/server/src/pricing/rate-card.json';
import { loadRateCard, priceOf } from '../../plugins/whatsapp/server/src/pricing/rate-card';

const pricing = (type: string, category: string) => ({ billable: type === 'regular', pricing_model: 'PMP', type, category });
const round = (value: number) => Math.round(value * 1e6) / 1e6;

describe('inbox: cost per message', () => {
  let app: TestApp;
  let token: string;
  let bakery: any;
  let hardware: any;
  let n1: any;
  let n2: any;
  const day = (d: number, h = 12) => new Date(Date.UTC(2026, 2, d, h));
  const stats = (query: Record<string, string>) => app.http.get('/whatsapp/stats').query(query).set('Authorization', `Bearer ${token}`);
  const ids: Record<string, string> = {};

  // The rate card applied by hand: Spain marketing, Germany utility, Portugal (not on the card:
  // default row) marketing, Spain authentication. The two free ones cost nothing.
  const bakeryCost = round(card.countries.ES.marketing + card.countries.DE.utility);
  const hardwareCost = round(card.default.marketing + card.countries.ES.authentication);

  beforeAll(async () => {
    app = await startTestApp();
    token = (await createAdmin(app)).token;
    n1 = await phoneNumber(app, TEST_CREDENTIALS.phoneNumberId, TEST_CREDENTIALS.displayPhoneNumber);
    n2 = await phoneNumber(app, '100000000000002', '+34 600 000 002');
    bakery = await tenant(app, 'Bakery', n1);
    hardware = await tenant(app, 'Hardware', n2);
    const ana = await customer(app, { name: 'Ana', phone: '+34600111222', tenant: bakery });
    const carl = await customer(app, { name: 'Carl', phone: '+4915112345678', tenant: bakery });
    const bob = await customer(app, { name: 'Bob', phone: '+34600333444', tenant: hardware });
    const zed = await customer(app, { name: 'Zed', phone: '+351912345678', tenant: hardware });
    const out = (key: string, number: any, c: any, t: any, d: number, extra: Record<string, unknown> = {}) => {
      ids[key] = wamid();
      return message(app, { number, customer: c, tenant: t, at: day(d), direction: 'outbound', deliveryStatus: 'accepted', wamid: ids[key], ...extra });
    };
    await out('anaPromo', n1, ana, bakery, 1, { type: 'template', templateName: 'spring_offer' });
    await out('carlInvoice', n1, carl, bakery, 1, { type: 'template', templateName: 'invoice_created' });
    await out('anaReply', n1, ana, bakery, 2);
    await out('anaAd', n1, ana, bakery, 2, { type: 'template', templateName: 'spring_offer' });
    await out('zedPromo', n2, zed, hardware, 2, { type: 'template', templateName: 'spring_offer' });
    await out('bobCode', n2, bob, hardware, 3, { type: 'template', templateName: 'login_code' });
    await out('bobQueued', n2, bob, hardware, 3, { type: 'template', templateName: 'login_code' });
    // April: outside March.
    ids.april = wamid();
    await message(app, { number: n1, customer: ana, tenant: bakery, at: new Date(Date.UTC(2026, 3, 2, 12)), direction: 'outbound', deliveryStatus: 'accepted', wamid: ids.april, type: 'template', templateName: 'spring_offer' });

    // Meta sends pricing on `sent` and on one of delivered/read; `delivered` here carries none.
    await deliver(
      app,
      statusPayload(
        { id: ids.anaPromo, status: 'sent', pricing: pricing('regular', 'marketing') },
        { id: ids.anaPromo, status: 'delivered' },
        { id: ids.carlInvoice, status: 'sent', recipient: '4915112345678', pricing: pricing('regular', 'utility') },
        { id: ids.anaReply, status: 'delivered', pricing: pricing('free_customer_service', 'service') },
        { id: ids.anaAd, status: 'read', pricing: pricing('free_entry_point', 'referral_conversion') },
        { id: ids.zedPromo, status: 'delivered', recipient: '351912345678', pricing: pricing('regular', 'marketing') },
        { id: ids.bobCode, status: 'sent', recipient: '34600333444', pricing: pricing('regular', 'authentication') },
        { id: ids.april, status: 'sent', pricing: pricing('regular', 'marketing') },
      ),
    );
  });

  afterAll(async () => {
    await app?.stop();
  });

  it('stores pricing model, type and category from the status webhooks', async () => {
    const promo = await messageByWamid(app, ids.anaPromo);
    expect(promo).toMatchObject({ pricingModel: 'PMP', pricingType: 'regular', pricingCategory: 'marketing', deliveryStatus: 'delivered' });
    expect(await messageByWamid(app, ids.anaAd)).toMatchObject({ pricingType: 'free_entry_point', pricingCategory: 'referral_conversion' });
    expect((await messageByWamid(app, ids.bobQueued)).pricingType ?? null).toBeNull();
  });

  it('cost per tenant equals the rate card applied to the stored pricing, free ones apart', async () => {
    const res = await stats({ month: '2026-03', groupBy: 'tenant' });
    expect(res.status).toBe(200);
    expect(res.body.meta).toMatchObject({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-31T23:59:59.999Z',
      currency: card.currency,
      rateCardAsOf: card.asOf,
      defaultRateCountries: ['PT'],
    });
    const byKey = Object.fromEntries(res.body.data.groups.map((g: any) => [g.key, g]));
    expect(byKey[bakery.documentId]).toMatchObject({ label: 'Bakery', total: 4, billable: 2, free: 2, cost: bakeryCost });
    expect(byKey[hardware.documentId]).toMatchObject({ label: 'Hardware', total: 3, billable: 2, free: 0, cost: hardwareCost });
    expect(res.body.data.totals).toMatchObject({ total: 7, billable: 4, free: 2, cost: round(bakeryCost + hardwareCost) });
    // The service's own arithmetic agrees with the exported pricing helper.
    expect(priceOf(card as any, { phone: '+351912345678', category: 'marketing', type: 'regular' })).toMatchObject({ cost: card.default.marketing, defaulted: true, country: 'PT' });
  });

  it('per day and per month', async () => {
    const res = await stats({ from: '2026-03-01', to: '2026-04-05', groupBy: 'tenant' });
    expect(res.status).toBe(200);
    const series = Object.fromEntries(res.body.data.series.map((d: any) => [d.date, d]));
    expect(series['2026-03-01']).toMatchObject({ total: 2, billable: 2, free: 0, cost: bakeryCost });
    expect(series['2026-03-02']).toMatchObject({ total: 3, billable: 1, free: 2, cost: card.default.marketing });
    expect(series['2026-03-03']).toMatchObject({ total: 2, billable: 1, free: 0, cost: card.countries.ES.authentication });
    expect(series['2026-04-02']).toMatchObject({ total: 1, billable: 1, cost: card.countries.ES.marketing });
    expect(res.body.data.months).toEqual([
      expect.objectContaining({ month: '2026-03', total: 7, billable: 4, free: 2, cost: round(bakeryCost + hardwareCost) }),
      expect.objectContaining({ month: '2026-04', total: 1, billable: 1, free: 0, cost: card.countries.ES.marketing }),
    ]);
  });

  it('per number, template and rule', async () => {
    const byNumber = await stats({ month: '2026-03', groupBy: 'number' });
    const numbers = Object.fromEntries(byNumber.body.data.groups.map((g: any) => [g.key, g.cost]));
    expect(numbers).toEqual({ [n1.phoneNumberId]: bakeryCost, [n2.phoneNumberId]: hardwareCost });
    const byTemplate = await stats({ month: '2026-03', groupBy: 'template' });
    const templates = Object.fromEntries(byTemplate.body.data.groups.map((g: any) => [g.key, [g.cost, g.free]]));
    expect(templates).toEqual({
      spring_offer: [round(card.countries.ES.marketing + card.default.marketing), 1],
      invoice_created: [card.countries.DE.utility, 0],
      login_code: [card.countries.ES.authentication, 0],
      null: [0, 1],
    });
    const byRule = await stats({ month: '2026-03', groupBy: 'automation' });
    expect(byRule.body.data.groups).toEqual([expect.objectContaining({ key: null, total: 7, cost: round(bakeryCost + hardwareCost) })]);
  });

  it('exports the same as CSV, as an attachment', async () => {
    const res = await app.http.get('/whatsapp/stats/export.csv').query({ month: '2026-03', groupBy: 'tenant' }).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    expect(res.headers['content-disposition']).toBe('attachment; filename="whatsapp-stats-tenant-2026-03-01-2026-03-31.csv"');
    const lines = res.text.trim().split('\r\n');
    expect(lines[0]).toBe('tenant,key,total,sent,delivered,read,failed,billable,free,cost,currency');
    expect(lines).toContain(`Bakery,${bakery.documentId},4,4,3,1,0,2,2,${bakeryCost},${card.currency}`);
    expect(lines).toContain(`Hardware,${hardware.documentId},3,2,1,0,0,2,0,${hardwareCost},${card.currency}`);
    expect(lines[lines.length - 1]).toBe(`Total,,7,6,4,1,0,4,2,${round(bakeryCost + hardwareCost)},${card.currency}`);
  });

  it('answers a bad query with 400 naming the field', async () => {
    const badMonth = await stats({ month: '2026-13' });
    expect(badMonth.status).toBe(400);
    expect(badMonth.body.error.message).toMatch(/^month/);
    const both = await stats({ month: '2026-03', from: '2026-03-01' });
    expect(both.status).toBe(400);
    expect(both.body.error.message).toMatch(/^month: cannot be combined/);
    const csv = await app.http.get('/whatsapp/stats/export.csv').query({ groupBy: 'colour' }).set('Authorization', `Bearer ${token}`);
    expect(csv.status).toBe(400);
    expect(csv.body.error.message).toMatch(/^groupBy/);
  });

  it('the export requires messages-read like the statistics', async () => {
    expect((await app.http.get('/whatsapp/stats/export.csv')).status).toBe(401);
    const none = await limitedAdmin(app, []);
    expect((await app.http.get('/whatsapp/stats/export.csv').set('Authorization', `Bearer ${none.token}`)).status).toBe(403);
  });

  it('a rate card file from WHATSAPP_RATE_CARD_FILE is validated with a clear error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rate-card-'));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ asOf: '2026-10-01', currency: 'EUR', default: { marketing: 0.05 }, countries: { ES: { marketing: 0.06 } } }));
    expect(loadRateCard(good)).toMatchObject({ currency: 'EUR', origin: good });
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ asOf: '2026-10-01', currency: 'EUR', default: {}, countries: { Spain: { marketing: 0.06 } } }));
    expect(() => loadRateCard(bad)).toThrow(/bad\.json \(WHATSAPP_RATE_CARD_FILE\) is invalid: countries\.Spain/);
    expect(() => loadRateCard(join(dir, 'missing.json'))).toThrow(/cannot be read/);
    writeFileSync(bad, '{ not json');
    expect(() => loadRateCard(bad)).toThrow(/is not JSON/);
  });
});
