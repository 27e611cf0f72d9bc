/**
 * A customer's data rights (#14), from their comms tab in the Content Manager: a person who writes
 * in asks for their data, and then to be forgotten. The admin downloads the export (the JSON holds
 * the customer and their message), then erases the customer after the confirmation; the list no
 * longer has them and the inbox no longer finds their number.
 */
import fs from 'fs';
import {
  adminApi,
  conversationTimeline,
  DEMO,
  findAndOpenEntry,
  login,
  openAdminPath,
  openBrowser,
  sandbox,
  screenshot,
  translator,
  uniquePhone,
  type BrowserSession,
} from '../../helpers';
import { UID } from '../../../plugins/whatsapp/shared/uids';

const SPEC = 'journey-customer-data';
const tr = translator('en');
const RUN = Date.now().toString(36);
const PERSON = { name: `Irati Forgetme ${RUN}`, phone: uniquePhone() };
const TEXT = `Please send me my data (${RUN})`;

describe('Customer data: export and erasure from the comms tab', () => {
  let session: BrowserSession;
  const phones = sandbox();
  const api = adminApi();

  beforeAll(async () => {
    session = await openBrowser();
    await api.login();
    await phones.customerWrites({ from: PERSON.phone, phoneNumberId: DEMO.laEspiga.phoneNumberId, name: PERSON.name, text: TEXT });
    await login(session.page);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('downloads everything held on the customer as JSON', async () => {
    const { page } = session;
    await findAndOpenEntry(page, UID.customer, PERSON.name);
    const timeline = await conversationTimeline(page);
    await timeline.getByText(TEXT).waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: tr.t('customerData.export'), exact: true }).click(),
    ]);
    const file = await download.path();
    const exported = JSON.parse(fs.readFileSync(file!, 'utf8'));
    expect(exported.customer).toMatchObject({ name: PERSON.name, phone: PERSON.phone });
    expect(exported.messages.map((m: any) => m.body)).toContain(TEXT);
    await page.getByText(tr.t('customerData.exported', { count: exported.messages.length })).waitFor();
    await screenshot(page, SPEC, 'exported');
  });

  it('erases the customer after the confirmation; they are gone from the list and the inbox', async () => {
    const { page } = session;
    await page.getByRole('button', { name: tr.t('customerData.erase'), exact: true }).click();
    const dialog = page.getByRole('alertdialog', { name: tr.t('customerData.eraseTitle') });
    await dialog.getByText(tr.t('customerData.eraseConfirm')).waitFor();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForURL((url) => url.pathname.endsWith(`/content-manager/collection-types/${UID.customer}`));
    await page.getByText(tr.t('customerData.erased', { messages: 1, files: 0 })).waitFor();
    await screenshot(page, SPEC, 'erased');

    // The list, searched for them, has no row; the inbox finds no conversation for their number.
    await openAdminPath(page, `content-manager/collection-types/${UID.customer}?page=1&pageSize=10&_q=${encodeURIComponent(PERSON.name)}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(await page.getByText(PERSON.name).count()).toBe(0);
    const left = await api.call('GET', `/whatsapp/conversations?search=${encodeURIComponent(PERSON.phone.slice(1))}`);
    expect(left.data).toEqual([]);
  });
});
