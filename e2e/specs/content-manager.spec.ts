/**
 * The app's and the plugin's status fields in Strapi's own content manager (#12). They were named
 * `status`, which Strapi v5 reserves for draft/published: a purchase order opened with "Choose
 * here" as its status and saving `approved` answered "Invalid status"; every WhatsApp message
 * showed "Published". Now `orderStatus` and `deliveryStatus`. The purchase order and the message
 * are this spec's own (unique number, a demo customer no other spec writes to); the purchase order
 * has no supplier, so the demo rule "Purchase order approved → supplier" sends nothing for it (its
 * run log says the recipient is empty).
 */
import { adminApi, login, openAdminPath, openBrowser, screenshot, type BrowserSession } from '../helpers';
import { UID } from '../../plugins/whatsapp/shared/uids';

const SPEC = 'content-manager';
const PO = 'api::purchase-order.purchase-order';
const PO_NUMBER = `E2E-PO-${Date.now()}`;
/** A demo customer (src/demo/customers.ts) of Panadería La Espiga, whose number is 100000000000001. */
const JAVIER = { phone: '+34622334455', number: '100000000000001' };
const REPLY = `Su pedido sale mañana (${PO_NUMBER})`;

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

describe('Status fields in the content manager', () => {
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
    const field = page.getByRole('combobox', { name: 'orderStatus' });
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
    await page.getByRole('combobox', { name: 'orderStatus' }).getByText('approved').waitFor();
    expect((await api('GET', `/content-manager/collection-types/${PO}/${orderId}`)).data.orderStatus).toBe('approved');
  });

  it('lists messages with their delivery status, not "Published"', async () => {
    const { page } = session;
    await openAdminPath(page, `content-manager/collection-types/${UID.message}?page=1&pageSize=10&sort=id:DESC&_q=${encodeURIComponent(PO_NUMBER)}`);
    const table = page.getByRole('grid');
    await table.waitFor();
    // The delivery status is one of the displayed fields a user can add to the list.
    await page.getByRole('button', { name: 'View Settings' }).click();
    await page.getByRole('checkbox', { name: 'deliveryStatus' }).click();
    await page.keyboard.press('Escape');
    await table.getByText('deliveryStatus', { exact: true }).waitFor();

    const row = table.getByRole('row').filter({ hasText: 'outbound' });
    await row.getByText(/^(delivered|read)$/).waitFor();
    expect(await row.count()).toBe(1);
    expect(await table.getByText('Published').count()).toBe(0);
    await screenshot(page, SPEC, 'messages-list');

    // The edit view shows the real value too.
    await openAdminPath(page, `content-manager/collection-types/${UID.message}/${messageId}`);
    await page.getByRole('combobox', { name: 'deliveryStatus' }).getByText(/^(delivered|read)$/).waitFor();
    await screenshot(page, SPEC, 'message-edit');
    expect(session.pageErrors).toEqual([]);
  });
});
