/**
 * The numbers page on the real admin panel: sync, assign a free number to a tenant, unassign it
 * with confirmation; and the settings page in offline sandbox mode. The tenant is created for
 * this run (unique name), so demo records other specs read stay as seeded.
 */
import { adminApi, login, openAdminPath, openBrowser, screenshot, type BrowserSession } from '../helpers';
import { UID } from '../../plugins/whatsapp/shared/uids';

const SPEC = 'numbers';
const TENANT = `E2E Bakery ${Date.now()}`;
const FREE_NUMBER = '+34 600 000 005';

/** The tenant this run assigns a number to, created through the content manager's API. */
async function createTenant(name: string): Promise<void> {
  const api = adminApi();
  await api.login();
  await api.call('POST', `/content-manager/collection-types/${UID.tenant}`, { name, whatsappEnabled: true, defaultLanguage: 'es' });
}

describe('Numbers and tenants page', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    await createTenant(TENANT);
    session = await openBrowser();
    await login(session.page);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('lists the numbers with their quality and syncs them from the sandbox', async () => {
    const { page } = session;
    await openAdminPath(page, 'plugins/whatsapp/numbers');
    await page.getByRole('heading', { name: 'Numbers and tenants', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Sync numbers' }).click();
    await page.getByText('5 numbers synced from Meta').waitFor();
    const numbers = page.getByRole('heading', { name: 'Phone numbers' }).locator('xpath=../..');
    await numbers.getByText('Panadería Masa Madre').first().waitFor();
    await numbers.getByText('YELLOW').first().waitFor();
    await screenshot(page, SPEC, 'list');
  });

  it('assigns a free number to a tenant found by search', async () => {
    const { page } = session;
    await page.getByRole('searchbox', { name: 'Search tenants or numbers' }).fill(TENANT);
    const row = page.getByRole('row', { name: TENANT, exact: true });
    await row.getByText('Not configured').waitFor();

    await row.getByRole('combobox', { name: `Assign a number to ${TENANT}` }).click();
    await page.getByRole('option', { name: `${FREE_NUMBER} · Panadería Masa Madre` }).click();

    await page.getByText(`${FREE_NUMBER} assigned to ${TENANT}`).waitFor();
    await row.getByText('Configured', { exact: true }).waitFor();
    await row.getByText(FREE_NUMBER).waitFor();
    await screenshot(page, SPEC, 'assigned');
  });

  it('unassigns it after confirmation', async () => {
    const { page } = session;
    const row = page.getByRole('row', { name: TENANT, exact: true });
    await row.getByRole('button', { name: 'Unassign' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText(`${TENANT} will stop sending and receiving WhatsApp messages on ${FREE_NUMBER}`, { exact: false }).waitFor();
    // The dialog fades in: let its animation finish so the screenshot shows it.
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await screenshot(page, SPEC, 'confirm-unassign');
    await dialog.getByRole('button', { name: 'Confirm' }).click();

    await page.getByText(`Number removed from ${TENANT}`).waitFor();
    await row.getByText('No number').waitFor();
    await row.getByText('Not configured').waitFor();
    await screenshot(page, SPEC, 'unassigned');
    expect(session.pageErrors).toEqual([]);
  });

  it('shows the settings: offline sandbox, webhook URL, verify token revealed on request, accounts', async () => {
    const { page } = session;
    await openAdminPath(page, 'settings/whatsapp');
    await page.getByRole('heading', { name: 'WhatsApp settings', level: 1 }).waitFor();
    await page.getByText('Offline sandbox mode').waitFor();
    await page.getByText(/\/api\/whatsapp\/webhook$/).waitFor();
    await page.getByText('••••••••').first().waitFor();
    await page.getByRole('button', { name: 'Reveal' }).click();
    await page.getByText('sandbox-verify-token').waitFor();
    const master = page.getByRole('row', { name: 'Sandbox master account' });
    await master.getByText('Connected').waitFor();
    await screenshot(page, SPEC, 'settings');
    expect(session.pageErrors).toEqual([]);
  });
});
