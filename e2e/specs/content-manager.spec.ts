/**
 * Strapi's content manager with the curated views (docs/content-manager.md) and the status fields
 * of #12. The status fields were named `status`, which Strapi v5 reserves for draft/published: a
 * purchase order opened with "Choose here" as its status and saving `approved` answered "Invalid
 * status"; every WhatsApp message showed "Published". Now `orderStatus` and `deliveryStatus`, shown
 * as "Order status" and "Delivery status". The message list shows the curated columns with human
 * headers (in English and in Spanish), and a message's edit view shows the plugin's fields
 * read-only. The purchase order and the message are this spec's own (unique number, a demo
 * customer no other spec writes to); the purchase order has no supplier, so the demo rule
 * "Purchase order approved → supplier" sends nothing for it (its run log says the recipient is empty).
 */
import type { Page } from 'playwright-core';
import { adminApi, login, openAdminPath, openBrowser, screenshot, type BrowserSession } from '../helpers';
import { UID } from '../../plugins/whatsapp/shared/uids';
import { fieldLabel } from '../../plugins/whatsapp/server/src/core/content-manager/translations';
import { PLUGIN_VIEWS } from '../../plugins/whatsapp/server/src/core/content-manager/views';
import { HOST_VIEWS } from '../../src/content-manager';

const SPEC = 'content-manager';
const PO = 'api::purchase-order.purchase-order';
const PO_NUMBER = `E2E-PO-${Date.now()}`;
/** A demo customer (src/demo/customers.ts) of Panadería La Espiga, whose number is 100000000000001. */
const JAVIER = { phone: '+34622334455', number: '100000000000001' };
const REPLY = `Su pedido sale mañana (${PO_NUMBER})`;
const VIEWS = [...PLUGIN_VIEWS, ...HOST_VIEWS];
const label = (uid: string, field: string, locale: 'en' | 'es' = 'en') => fieldLabel(VIEWS, uid, field, locale);
const MESSAGE_COLUMNS = ['direction', 'type', 'deliveryStatus', 'customer', 'tenant', 'occurredAt'];

const { call: api, login: loginApi } = adminApi();

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** The list's column headers, as the user reads them (Strapi's table marks its header cells as grid cells of the first row). */
async function headers(page: Page): Promise<string[]> {
  const cells = page.getByRole('grid').getByRole('row').first().getByRole('gridcell');
  await cells.nth(1).waitFor();
  // textContent: the text itself (the header style upper-cases what innerText reports).
  return (await cells.allTextContents()).map((text) => text.trim()).filter(Boolean);
}

describe('The content manager’s curated views', () => {
  let session: BrowserSession;
  let orderId = '';
  let messageId = '';

  beforeAll(async () => {
    await loginApi();
    const order = await api('POST', `/content-manager/collection-types/${PO}`, { poNumber: PO_NUMBER, total: 99, currency: 'EUR', orderStatus: 'submitted' });
    orderId = order.data.documentId;
    // Javier writes (opens the 24-hour window), the bakery answers; the sandbox delivers it.
    await api('POST', '/whatsapp/sandbox/inbound', { from: JAVIER.phone, phoneNumberId: JAVIER.number, name: 'Javier', text: '¿Cuándo sale mi pedido?' });
    const found = await api('GET', `/content-manager/collection-types/${UID.customer}?filters[phone][$eq]=${encodeURIComponent(JAVIER.phone)}`);
    const sent = await api('POST', '/whatsapp/messages', { customer: found.results[0].documentId, type: 'text', text: { body: REPLY } });
    messageId = sent.data.documentId;
    await until(() => api('GET', `/whatsapp/messages/${messageId}`), (res) => ['delivered', 'read'].includes(res.data.status), 'the reply to be delivered');
    session = await openBrowser();
    await login(session.page);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('saves a purchase order’s order status and shows it after a reload', async () => {
    const { page } = session;
    await openAdminPath(page, `content-manager/collection-types/${PO}/${orderId}`);
    await page.getByRole('heading', { name: PO_NUMBER }).waitFor();
    const field = page.getByRole('combobox', { name: label(PO, 'orderStatus') });
    // The stored value, not "Choose here".
    await field.getByText('submitted').waitFor();

    await field.click();
    await page.getByRole('option', { name: 'approved' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved document').waitFor();
    expect(await page.getByText('Invalid status').count()).toBe(0);
    await screenshot(page, SPEC, 'order-saved');

    await page.reload();
    await page.getByRole('heading', { name: PO_NUMBER }).waitFor();
    await page.getByRole('combobox', { name: label(PO, 'orderStatus') }).getByText('approved').waitFor();
    expect((await api('GET', `/content-manager/collection-types/${PO}/${orderId}`)).data.orderStatus).toBe('approved');
  });

  it('lists messages with the curated columns, human headers and their delivery status, not "Published"', async () => {
    const { page } = session;
    const list = `content-manager/collection-types/${UID.message}?page=1&pageSize=10&sort=id:DESC&_q=${encodeURIComponent(PO_NUMBER)}`;
    await openAdminPath(page, list);
    const table = page.getByRole('grid');
    await table.waitFor();
    const shown = await headers(page);
    expect(shown).toEqual(expect.arrayContaining(MESSAGE_COLUMNS.map((field) => label(UID.message, field))));
    for (const raw of ['deliveryStatus', 'occurredAt', 'wamid']) expect(shown).not.toContain(raw);

    const row = table.getByRole('row').filter({ hasText: 'outbound' });
    await row.getByText(/^(delivered|read)$/).waitFor();
    expect(await row.count()).toBe(1);
    // The customer column shows the customer's name, not an id.
    await row.getByText('Javier').first().waitFor();
    expect(await table.getByText('Published').count()).toBe(0);
    await screenshot(page, SPEC, 'messages-list');

    // In Spanish, the same columns are "Dirección", "Estado de entrega"…
    await page.evaluate(() => localStorage.setItem('strapi-admin-language', 'es'));
    await page.reload();
    await page.getByRole('grid').getByRole('row').first().getByText(label(UID.message, 'deliveryStatus', 'es')).waitFor();
    expect(await headers(page)).toEqual(expect.arrayContaining(MESSAGE_COLUMNS.map((field) => label(UID.message, field, 'es'))));
    await screenshot(page, SPEC, 'messages-list-es');
    await page.evaluate(() => localStorage.setItem('strapi-admin-language', 'en'));
  });

  it('shows a message’s fields read-only in its edit view, with how Meta priced it', async () => {
    const { page } = session;
    await openAdminPath(page, `content-manager/collection-types/${UID.message}/${messageId}`);
    const status = page.getByRole('combobox', { name: label(UID.message, 'deliveryStatus') });
    await status.getByText(/^(delivered|read)$/).waitFor();
    expect(await status.isDisabled()).toBe(true);
    const wamid = page.getByRole('textbox', { name: label(UID.message, 'wamid') });
    expect(await wamid.inputValue()).toMatch(/^wamid\./);
    expect(await wamid.isDisabled()).toBe(true);
    expect(await page.getByRole('textbox', { name: label(UID.message, 'body') }).inputValue()).toBe(REPLY);
    expect(await page.getByRole('textbox', { name: label(UID.message, 'body') }).isDisabled()).toBe(true);
    // How Meta priced it (a reply inside the customer's window: free), read-only like the rest.
    const pricing = (field: string) => page.getByRole('textbox', { name: label(UID.message, field) });
    expect(await pricing('pricingModel').inputValue()).toBe('PMP');
    expect([await pricing('pricingType').inputValue(), await pricing('pricingCategory').inputValue()]).toEqual(['free_customer_service', 'service']);
    expect(await pricing('pricingType').isDisabled()).toBe(true);
    // Outbox internals are not shown at all.
    expect(await page.getByText(label(UID.message, 'lockedBy'), { exact: true }).count()).toBe(0);
    await screenshot(page, SPEC, 'message-edit');
    expect(session.pageErrors).toEqual([]);
  });
});
