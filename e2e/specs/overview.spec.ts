import fs from 'fs';
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
    await screenshot(page, SPEC, 'home');

    await openFromMainMenu(page, 'WhatsApp');
    expect(new URL(page.url()).pathname).toBe('/admin/plugins/whatsapp');
    await page.getByRole('heading', { name: 'WhatsApp' }).waitFor();

    const file = await screenshot(page, SPEC, 'plugin-page');
    expect(fs.statSync(file).size).toBeGreaterThan(0);
    expect(session.pageErrors).toEqual([]);
  });
});
