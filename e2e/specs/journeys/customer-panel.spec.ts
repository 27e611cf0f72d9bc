/**
 * The customer panel beside the conversation (#16): an agent finds the demo supplier Lácteos
 * Valle Verde in the inbox (the conversation the demo's purchase-order rule started with its
 * po_notification), sees beside it the contact with its consent state and, discovered from the
 * schemas, the purchase orders of the supplier carrying that phone; clicking one opens its edit
 * page in the Content Manager. Reads demo data only, changes nothing.
 */
import type { Page } from 'playwright-core';
import { DEMO, adminApi, conversationTimeline, login, openAdminPath, openBrowser, screenshot, type BrowserSession } from '../../helpers';
import { UID } from '../../../plugins/whatsapp/shared/uids';

const SPEC = 'journey-customer-panel';
/** The demo supplier and its approved purchase order (src/demo/suppliers.ts, src/demo/conversations.ts). */
const SUPPLIER = { name: 'Lácteos Valle Verde', phone: '+34985234567' };
const ORDER = 'PO-2026-0041';
const PO_UID = 'api::purchase-order.purchase-order';

const panel = (page: Page) => page.getByTestId('wa-customer-panel');

describe('Agent: the customer panel beside the conversation', () => {
  let session: BrowserSession;
  let customer: any;
  let orderDocumentId: string;
  const api = adminApi();

  beforeAll(async () => {
    session = await openBrowser();
    await api.login();
    const customers = await api.call('GET', `/content-manager/collection-types/${UID.customer}?filters[phone][$eq]=${encodeURIComponent(SUPPLIER.phone)}`);
    customer = customers.results?.[0];
    if (!customer) throw new Error(`the demo customer ${SUPPLIER.phone} (the supplier notified by the demo rule) is missing`);
    const orders = await api.call('GET', `/content-manager/collection-types/${PO_UID}?filters[poNumber][$eq]=${ORDER}`);
    orderDocumentId = orders.results?.[0]?.documentId;
    await login(session.page);
  });

  afterAll(async () => {
    await session?.close();
  });

  it("opens the supplier's conversation and shows the contact with its consent state", async () => {
    const { page } = session;
    await openAdminPath(page, `plugins/whatsapp/inbox?state=all&search=${encodeURIComponent(SUPPLIER.phone.slice(1))}`);
    const list = page.getByRole('list', { name: 'Conversations' });
    const row = list.getByRole('listitem').first();
    await row.waitFor();
    await row.getByRole('button').first().click();
    // The demo supplier's conversation is on Horno San Miguel's number.
    await conversationTimeline(page);

    await panel(page).getByRole('heading', { name: 'Customer' }).waitFor();
    const contact = panel(page).getByTestId('wa-customer-contact');
    expect(await contact.getByTestId('wa-contact-phone').textContent()).toBe(`Phone${SUPPLIER.phone}`);
    expect(await contact.getByTestId('wa-contact-waId').textContent()).toBe(`WhatsApp id${SUPPLIER.phone.slice(1)}`);
    expect(await contact.getByTestId('wa-contact-tenant').textContent()).toBe(`Tenant${DEMO.sanMiguel.name}`);
    // Consent as the customer record holds it.
    const state = (on: boolean) => (on ? 'on' : 'off');
    expect(await panel(page).getByTestId('wa-consent-opt-in').getAttribute('data-state')).toBe(state(Boolean(customer.optedIn)));
    expect(await panel(page).getByTestId('wa-consent-opt-out').getAttribute('data-state')).toBe(state(Boolean(customer.optedOut)));
    expect(await panel(page).getByTestId('wa-consent-marketing').getAttribute('data-state')).toBe(state(Boolean(customer.marketingOptOut)));
    await panel(page).getByText(customer.optedOut ? 'Opted out' : 'Not opted out').waitFor();
    expect(session.pageErrors).toEqual([]);
  });

  it("lists the supplier and its purchase orders, found by the customer's phone", async () => {
    const { page } = session;
    const suppliers = panel(page).getByRole('region', { name: 'Supplier' });
    await suppliers.getByRole('link', { name: SUPPLIER.name }).waitFor();
    const orders = panel(page).getByRole('region', { name: 'Purchase order' });
    await orders.getByRole('link', { name: ORDER }).waitFor();
    // Only this supplier's orders: Harinas del Norte's are not listed.
    expect(await orders.getByRole('link', { name: 'PO-2026-0040' }).count()).toBe(0);
    await screenshot(page, SPEC, 'panel');
  });

  it("opens a purchase order's edit page in the Content Manager", async () => {
    const { page } = session;
    await panel(page).getByRole('region', { name: 'Purchase order' }).getByRole('link', { name: ORDER }).click();
    await page.waitForURL((url) => url.pathname === `/admin/content-manager/collection-types/${PO_UID}/${orderDocumentId}`);
    await page.getByRole('heading', { name: ORDER }).waitFor();
    await screenshot(page, SPEC, 'purchase-order');
    expect(session.pageErrors).toEqual([]);
  });
});
