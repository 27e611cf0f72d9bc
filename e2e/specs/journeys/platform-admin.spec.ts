/**
 * The platform admin's journey (issue #12), through the admin UI only: sync the numbers from Meta
 * (the sandbox), give a tenant a number, be told plainly when a number is already taken (another
 * admin, in a second window that still shows it as free, assigns it at the same time), unassign it,
 * switch a tenant's WhatsApp off and change its language; give it a team that gets new conversations
 * in turn; add a dedicated business account and see
 * its token only as its last 4 characters from then on.
 *
 * The two tenants are created for this run in the content manager, and the account is deleted at
 * the end (a dedicated account the sandbox does not know would make later number syncs report a
 * failure); the number used, +34 600 000 004, is free in the demo data and free again afterwards.
 */
import type { Page } from 'playwright-core';
import { createEntry, login, openAdminPath, openBrowser, openSecondWindow, screenshot, translator, type BrowserSession } from '../../helpers';
import { UID } from '../../../plugins/whatsapp/shared/uids';

const SPEC = 'journey-platform-admin';
const tr = translator('en');
const RUN = Date.now().toString(36);
const FIRST = `Obrador Zuberoa ${RUN}`;
const SECOND = `Horno Ultzama ${RUN}`;
const NUMBER = { phoneNumberId: '100000000000004', display: '+34 600 000 004', verifiedName: 'Pastelería El Trigal' };
const ACCOUNT = {
  name: `Dedicated WABA ${RUN}`,
  wabaId: `9${Date.now()}`.slice(0, 15),
  accessToken: `EAAG-e2e-${RUN}-secret-token-k7Q2`,
  appSecret: `app-secret-${RUN}-Zx9w`,
};

async function openNumbersPage(page: Page): Promise<void> {
  await openAdminPath(page, 'plugins/whatsapp/numbers');
  await page.getByRole('heading', { name: tr.t('numbers.title'), level: 1 }).waitFor();
}

/** The tenants table narrowed to one tenant by the page's search; its row. */
async function tenantRow(page: Page, name: string) {
  await page.getByRole('searchbox', { name: tr.t('numbers.tenants.search') }).fill(name);
  const row = page.getByRole('row', { name, exact: true });
  await row.waitFor();
  return row;
}

async function assign(page: Page, tenant: string): Promise<void> {
  const row = await tenantRow(page, tenant);
  await row.getByRole('combobox', { name: tr.t('numbers.assign.label', { tenant }) }).click();
  await page.getByRole('option', { name: `${NUMBER.display} · ${NUMBER.verifiedName}` }).click();
}

describe('Platform admin: numbers, tenants and accounts', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowser();
    await login(session.page);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('creates two tenants in the content manager and syncs the numbers from Meta', async () => {
    const { page } = session;
    for (const name of [FIRST, SECOND]) {
      // WhatsApp on: the tenant is ready for a number.
      await createEntry(page, UID.tenant, { text: { name, defaultLanguage: 'es' }, boolean: { whatsappEnabled: true } });
    }

    await openNumbersPage(page);
    await page.getByRole('button', { name: tr.t('numbers.sync.button') }).click();
    await page.getByText(tr.t('numbers.sync.done', { count: 5 })).waitFor();
    const numbers = page.getByRole('heading', { name: tr.t('numbers.numbers.title') }).locator('xpath=../..');
    await numbers.getByText(NUMBER.display).waitFor();
    await screenshot(page, SPEC, 'synced');
  });

  it('assigns a free number, and is told who holds it when another admin assigns it too', async () => {
    const { page } = session;
    // A second admin has the page open too, from before the assignment: the number shows as free.
    const other = await openSecondWindow(session);
    await login(other);
    await openNumbersPage(other);
    await tenantRow(other, SECOND);

    await assign(page, FIRST);
    await page.getByText(tr.t('numbers.assign.done', { number: NUMBER.display, tenant: FIRST })).waitFor();
    const first = await tenantRow(page, FIRST);
    await first.getByText(tr.t('numbers.status.configured'), { exact: true }).waitFor();
    await first.getByText(NUMBER.display).waitFor();
    await screenshot(page, SPEC, 'assigned');

    await assign(other, SECOND);
    await other.getByText(`Phone number ${NUMBER.display} is already assigned to tenant '${FIRST}'`).waitFor();
    const second = other.getByRole('row', { name: SECOND, exact: true });
    await second.getByText(tr.t('numbers.tenants.noNumber')).waitFor();
    // The notification slides in: let it settle so the screenshot shows it.
    await other.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await screenshot(other, SPEC, 'conflict');
    await other.context().close();
  });

  it('unassigns the number after confirming', async () => {
    const { page } = session;
    const row = await tenantRow(page, FIRST);
    await row.getByRole('button', { name: tr.t('numbers.unassign.button') }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.getByText(tr.t('numbers.unassign.confirm', { tenant: FIRST, number: NUMBER.display })).waitFor();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText(tr.t('numbers.unassign.done', { tenant: FIRST })).waitFor();
    await row.getByText(tr.t('numbers.tenants.noNumber')).waitFor();
    await row.getByText(tr.t('numbers.status.not_configured'), { exact: true }).waitFor();
    await screenshot(page, SPEC, 'unassigned');
  });

  it('switches a tenant’s WhatsApp off and changes its language; both stay after a reload', async () => {
    const { page } = session;
    let row = await tenantRow(page, FIRST);
    const enabled = row.getByRole('switch', { name: tr.t('numbers.tenants.enabledFor', { tenant: FIRST }) });
    await enabled.click();
    await row.getByText(tr.t('numbers.status.disabled'), { exact: true }).waitFor();
    const language = row.getByRole('combobox', { name: tr.t('numbers.tenants.languageFor', { tenant: FIRST }) });
    await language.click();
    await page.getByRole('option', { name: 'eu', exact: true }).click();
    await language.getByText('eu', { exact: true }).waitFor();

    await page.reload();
    row = await tenantRow(page, FIRST);
    expect(await row.getByRole('switch', { name: tr.t('numbers.tenants.enabledFor', { tenant: FIRST }) }).getAttribute('aria-checked')).toBe('false');
    await row.getByRole('combobox', { name: tr.t('numbers.tenants.languageFor', { tenant: FIRST }) }).getByText('eu', { exact: true }).waitFor();
    await row.getByText(tr.t('numbers.status.disabled'), { exact: true }).waitFor();
    await screenshot(page, SPEC, 'tenant-settings');
  });

  it('gives a tenant its team and turns on new conversations in turn; both stay after a reload', async () => {
    const { page } = session;
    const email = process.env.E2E_ADMIN_EMAIL ?? 'e2e-admin@example.com';
    // Each candidate reads "Name (e-mail)"; this admin's name is the runner's business.
    const me = new RegExp(`\\(${email.replace(/[.]/g, '\\.')}\\)$`);
    let row = await tenantRow(page, FIRST);
    await row.getByText(tr.t('numbers.members.none'), { exact: true }).waitFor();
    await row.getByRole('button', { name: tr.t('numbers.members.editFor', { tenant: FIRST }) }).click();
    const dialog = page.getByRole('dialog', { name: tr.t('numbers.members.title', { tenant: FIRST }) });
    await dialog.getByRole('checkbox', { name: me }).click();
    await dialog.getByRole('switch', { name: tr.t('numbers.members.autoAssign') }).click();
    await dialog.getByRole('button', { name: tr.t('numbers.members.save'), exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText(tr.t('numbers.members.inTurn'), { exact: true }).waitFor();

    await page.reload();
    row = await tenantRow(page, FIRST);
    await row.getByText(tr.t('numbers.members.inTurn'), { exact: true }).waitFor();
    expect(await row.getByText(tr.t('numbers.members.none'), { exact: true }).count()).toBe(0);
    await row.getByRole('button', { name: tr.t('numbers.members.editFor', { tenant: FIRST }) }).click();
    expect(await dialog.getByRole('checkbox', { name: me }).getAttribute('aria-checked')).toBe('true');
    await screenshot(page, SPEC, 'tenant-team');
    await dialog.getByRole('button', { name: tr.t('numbers.members.cancel'), exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  it('adds a dedicated account whose token is shown only as its last 4 characters, then deletes it', async () => {
    const { page } = session;
    await openAdminPath(page, 'settings/whatsapp');
    await page.getByRole('heading', { name: tr.t('settings.title'), level: 1 }).waitFor();
    await page.getByRole('button', { name: tr.t('settings.accounts.add') }).click();
    const dialog = page.getByRole('alertdialog', { name: tr.t('settings.accounts.add') });
    await dialog.getByRole('textbox', { name: tr.t('settings.accounts.name') }).fill(ACCOUNT.name);
    await dialog.getByRole('textbox', { name: tr.t('settings.accounts.wabaId') }).fill(ACCOUNT.wabaId);
    await dialog.getByRole('textbox', { name: tr.t('settings.accounts.accessToken') }).fill(ACCOUNT.accessToken);
    await dialog.getByRole('textbox', { name: tr.t('settings.accounts.appSecret') }).fill(ACCOUNT.appSecret);
    await dialog.getByRole('button', { name: tr.t('settings.accounts.save') }).click();
    await page.getByText(tr.t('settings.accounts.added', { name: ACCOUNT.name })).waitFor();

    const row = page.getByRole('row', { name: ACCOUNT.name, exact: true });
    await row.getByText(`••••${ACCOUNT.accessToken.slice(-4)}`, { exact: true }).waitFor();
    await row.getByText(`••••${ACCOUNT.appSecret.slice(-4)}`, { exact: true }).waitFor();
    await row.getByText(tr.t('settings.accounts.dedicated'), { exact: true }).waitFor();
    await screenshot(page, SPEC, 'account-added');

    // Nowhere on the page, nor after a reload: the secrets went to the server once.
    const secretsShown = async () => {
      const html = await page.content();
      return [ACCOUNT.accessToken, ACCOUNT.appSecret].filter((secret) => html.includes(secret) || html.includes(secret.slice(0, -4)));
    };
    expect(await secretsShown()).toEqual([]);
    await page.reload();
    await page.getByRole('row', { name: ACCOUNT.name, exact: true }).getByText(`••••${ACCOUNT.accessToken.slice(-4)}`, { exact: true }).waitFor();
    expect(await secretsShown()).toEqual([]);

    await page.getByRole('row', { name: ACCOUNT.name, exact: true }).getByRole('button', { name: tr.t('settings.accounts.delete') }).click();
    const confirm = page.getByRole('alertdialog').filter({ hasText: tr.t('settings.accounts.deleteConfirm', { name: ACCOUNT.name }) });
    await confirm.getByRole('button', { name: 'Confirm' }).click();
    await page.getByRole('row', { name: ACCOUNT.name, exact: true }).waitFor({ state: 'detached' });
    await screenshot(page, SPEC, 'account-deleted');
    expect(session.pageErrors).toEqual([]);
  });
});
