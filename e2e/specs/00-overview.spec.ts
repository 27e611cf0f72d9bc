import { SECTIONS } from '../../plugins/whatsapp/admin/src/pages/sections';
import { login, openBrowser, openFromMainMenu, screenshot, type BrowserSession } from '../helpers';

const SPEC = 'overview';

describe('WhatsApp overview page', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowser();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('logs in as the seeded admin and opens WhatsApp from the main menu', async () => {
    const { page } = session;
    await login(page);
    await openFromMainMenu(page, 'WhatsApp');

    expect(new URL(page.url()).pathname).toBe('/admin/plugins/whatsapp');
    await page.getByRole('heading', { name: 'WhatsApp', level: 1 }).waitFor();
    await screenshot(page, SPEC, 'plugin-page');
  });

  it('says clearly that it runs against the offline sandbox', async () => {
    const mode = session.page.getByRole('status', { name: 'Connection mode' });
    await mode.getByText('Offline sandbox mode').waitFor();
    await mode.getByText(/Nothing reaches real phones/).waitFor();
  });

  it('shows the master account, the default number and the demo data counts', async () => {
    const { page } = session;
    await page.getByText('Sandbox master account (WABA 100000000000000)').waitFor();
    await page.getByText('+34 600 000 001 · Panadería La Espiga').waitFor();
    const count = (name: string) => page.getByRole('group', { name, exact: true }).getByRole('paragraph');
    // The demo seed (src/demo): 5 sandbox numbers, 4 bakeries, 10 customers, and its conversations
    // (src/demo/conversations.ts): the supplier the purchase-order rule wrote to became the 11th
    // customer, and one reply failed at Meta.
    expect(await count('Phone numbers').textContent()).toBe('5');
    expect(await count('Tenants').textContent()).toBe('4');
    expect(await count('Customers').textContent()).toBe('11');
    expect(await count('Failed messages').textContent()).toBe('1');
    await screenshot(page, SPEC, 'status');
  });

  it('links every section that has a page, names the others, and every link opens its page', async () => {
    const { page } = session;
    const sections = page.getByRole('heading', { name: 'Sections' }).locator('xpath=..');
    for (const section of SECTIONS) {
      await sections.getByText(section.title, { exact: true }).waitFor();
      const link = sections.getByRole('link', { name: section.title, exact: true });
      expect([section.id, await link.count()]).toEqual([section.id, section.path ? 1 : 0]);
      if (!section.path) continue;

      await link.click();
      await page.waitForURL((url) => url.pathname === `/admin/plugins/whatsapp/${section.path}`);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(await page.getByText(/Woops! Something went wrong/).count()).toBe(0);
      await screenshot(page, SPEC, `section-${section.id}`);
      await page.goBack();
      await page.getByRole('heading', { name: 'Sections' }).waitFor();
    }
    expect(session.pageErrors).toEqual([]);
  });
});
