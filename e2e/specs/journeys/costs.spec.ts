/**
 * What each message costs (#13 item 4, docs/pricing.md): the platform admin opens the statistics,
 * finds the cost columns (billed, free, cost) and the cost total with the rate card's date, clicks
 * "Last month" and gets the previous calendar month in the date fields, then "Download CSV" and
 * gets the same table as a file named after the grouping and the period. Emma Wilson (a demo
 * customer no other spec uses) writes through the sandbox and gets a reply, so this month has a
 * priced message: the sandbox's status webhooks price a reply in the window `free_customer_service`.
 */
import { adminApi, login, openAdminPath, openBrowser, screenshot, type BrowserSession } from '../../helpers';
import { UID } from '../../../plugins/whatsapp/shared/uids';

const SPEC = 'journey-costs';
const EMMA = { phone: '+34644556677', number: '100000000000001' };

describe('Platform admin: what the messages cost', () => {
  let session: BrowserSession;

  const api = adminApi();

  beforeAll(async () => {
    session = await openBrowser();
    await api.login();
    const found = await api.call('GET', `/content-manager/collection-types/${UID.customer}?filters[phone][$eq]=${encodeURIComponent(EMMA.phone)}`);
    const documentId = found.results?.[0]?.documentId;
    if (!documentId) throw new Error('demo customer Emma Wilson not found');
    await api.call('POST', '/whatsapp/sandbox/inbound', { from: EMMA.phone, phoneNumberId: EMMA.number, name: 'Emma', text: 'How much is the rye bread?' });
    await api.call('POST', '/whatsapp/messages', { customer: documentId, type: 'text', text: { body: '3.20 €, fresh at 9.' } });
    // The sandbox's `sent` and `delivered` statuses (with their pricing) come a moment later.
    for (let i = 0; i < 40; i += 1) {
      const stats = await api.call('GET', '/whatsapp/stats?groupBy=tenant');
      if (stats.data.totals.free > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await login(session.page);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows the cost columns, picks last month in one click and downloads the CSV', async () => {
    const { page } = session;
    await openAdminPath(page, 'plugins/whatsapp/stats');
    await page.getByRole('heading', { name: 'Delivery statistics', level: 1 }).waitFor();
    await page.getByTestId('wa-stats-cost').waitFor();
    await page.getByText(/Cost from the rate card of \d{4}-\d{2}-\d{2} \(USD\)/).waitFor();

    const now = new Date();
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 10);
    const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0)).toISOString().slice(0, 10);
    // The page keeps showing the previous period until last month's figures arrive: wait for them.
    const lastMonthFigures = page.waitForResponse((res) => res.url().includes('/whatsapp/stats?') && res.url().includes(first) && res.ok());
    await page.getByRole('button', { name: 'Last month' }).click();
    const figures = await (await lastMonthFigures).json();
    expect(await page.locator('input[name="from"], [name="from"] input, input[type="date"]').first().inputValue()).toBe(first);
    expect(await page.locator('input[type="date"]').nth(1).inputValue()).toBe(last);

    // The demo's messages are recent: last month may be empty; the table shows when it is not.
    if (figures.data.groups.length === 0) await page.getByText('No messages were sent in this period.').waitFor();
    else await page.locator('th').filter({ hasText: /^Cost$/ }).waitFor();
    await screenshot(page, SPEC, 'last-month');

    // Back to the default period (the last 30 days), with Emma's reply and the demo's messages: the cost columns.
    await openAdminPath(page, 'plugins/whatsapp/stats');
    await page.getByTestId('wa-stats-cost').waitFor();
    await screenshot(page, SPEC, 'default-period');
    await page.getByTestId('wa-stats-row-cost').first().waitFor();
    for (const name of ['Billed', 'Free', 'Cost']) await page.locator('th').filter({ hasText: new RegExp(`^${name}$`) }).waitFor();
    expect(await page.getByTestId('wa-stats-row-cost').count()).toBeGreaterThan(0);
    await page.getByTestId('wa-stats-free').filter({ hasText: /[1-9]\d* free/ }).waitFor();
    await screenshot(page, SPEC, 'cost-columns');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^whatsapp-stats-tenant-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
    const path = await download.path();
    const text = require('node:fs').readFileSync(path, 'utf8') as string;
    expect(text.split('\r\n')[0]).toBe('tenant,key,total,sent,delivered,read,failed,billable,free,cost,currency');
    expect(text).toMatch(/\r\nTotal,,\d+/);
    expect(session.pageErrors).toEqual([]);
  });
});
