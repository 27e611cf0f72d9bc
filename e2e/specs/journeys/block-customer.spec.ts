/**
 * Blocking a customer on WhatsApp (#13 item 5), from their comms tab in the Content Manager: a
 * person who writes in abusively is blocked after the confirmation (Meta's block list, played by
 * the offline sandbox); the comms tab says since when and by whom, the composer has no message box,
 * a send is refused before Meta; the inbox marks the conversation and its customer panel shows the
 * block; unblocking gives the message box back, and typing a reply (the typing indicator) breaks
 * nothing.
 */
import type { Page } from 'playwright-core';
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

const SPEC = 'journey-block-customer';
const tr = translator('en');
const RUN = Date.now().toString(36);
const PERSON = { name: `Txomin Spammer ${RUN}`, phone: uniquePhone() };
const TEXT = `Buy my crypto now!!! (${RUN})`;

const blockState = (page: Page) => page.getByTestId('wa-block-state');

describe('Block and unblock a customer from the comms tab', () => {
  let session: BrowserSession;
  let documentId: string;
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

  it('blocks the customer after the confirmation; the comms tab shows since when and by whom', async () => {
    const { page } = session;
    documentId = await findAndOpenEntry(page, UID.customer, PERSON.name);
    const timeline = await conversationTimeline(page);
    await timeline.getByText(TEXT).waitFor();
    expect(await blockState(page).getAttribute('data-blocked')).toBe('false');

    await page.getByRole('button', { name: tr.t('customerBlock.block'), exact: true }).click();
    const dialog = page.getByRole('alertdialog', { name: tr.t('customerBlock.confirmTitle') });
    await dialog.getByText(tr.t('customerBlock.confirm')).waitFor();
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await page.getByText(tr.t('customerBlock.blocked')).first().waitFor();

    await page.locator('[data-testid="wa-block-state"][data-blocked="true"]').waitFor();
    await blockState(page).getByText(tr.t('customerBlock.badge')).waitFor();
    expect(await blockState(page).textContent()).toMatch(/since .*, by /);
    // The composer cannot write to them any more.
    await page.getByTestId('wa-composer-blocked').getByText(tr.t('inbox.composer.blocked')).waitFor();
    expect(await page.getByRole('textbox', { name: 'Message' }).count()).toBe(0);
    await screenshot(page, SPEC, 'blocked');

    // Meta holds the block, and a send is refused before Meta.
    const state = await api.call('GET', `/whatsapp/customers/${documentId}/block`);
    expect(state.data).toMatchObject({ blocked: true, phoneNumberIds: [DEMO.laEspiga.phoneNumberId] });
    await expect(api.call('POST', '/whatsapp/messages', { customer: documentId, type: 'text', text: { body: 'hello?' } })).rejects.toThrow(/→ 422 .*blocked on WhatsApp/);
    expect(session.pageErrors).toEqual([]);
  });

  it('the inbox marks the conversation and its customer panel shows the block', async () => {
    const { page } = session;
    await openAdminPath(page, `plugins/whatsapp/inbox?state=all&search=${encodeURIComponent(PERSON.phone.slice(1))}`);
    const list = page.getByRole('list', { name: 'Conversations' });
    const row = list.getByRole('listitem').first();
    await row.waitFor();
    await row.getByTestId('wa-blocked').getByText(tr.t('inbox.list.blocked')).waitFor();
    await row.getByRole('button').first().click();
    await conversationTimeline(page);
    const panel = page.getByTestId('wa-customer-panel');
    await panel.getByRole('heading', { name: 'Customer' }).waitFor();
    const badge = panel.getByTestId('wa-consent-blocked');
    await badge.getByText(tr.t('customers.panel.blocked')).waitFor();
    expect(await badge.getAttribute('data-state')).toBe('on');
    await screenshot(page, SPEC, 'inbox-panel');
  });

  it('unblocks from the comms tab; the message box is back and typing a reply breaks nothing', async () => {
    const { page } = session;
    await openAdminPath(page, `content-manager/collection-types/${UID.customer}/${documentId}`);
    await conversationTimeline(page);
    await page.getByRole('button', { name: tr.t('customerBlock.unblock'), exact: true }).click();
    await page.getByText(tr.t('customerBlock.unblocked')).first().waitFor();
    await page.locator('[data-testid="wa-block-state"][data-blocked="false"]').waitFor();
    expect(await page.getByTestId('wa-composer-blocked').count()).toBe(0);

    // Typing asks for the typing indicator (off on this server: WHATSAPP_SEND_READ_RECEIPTS) and keeps the draft.
    const typed = page.waitForResponse((res) => res.url().endsWith('/whatsapp/conversations/typing') && res.request().method() === 'POST');
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill('');
    await box.pressSequentially('We have unblocked you');
    const answer = await typed;
    expect(answer.status()).toBe(200);
    expect(await box.inputValue()).toBe('We have unblocked you');
    await screenshot(page, SPEC, 'unblocked');

    const state = await api.call('GET', `/whatsapp/customers/${documentId}/block`);
    expect(state.data).toMatchObject({ blocked: false, phoneNumberIds: [] });
    expect(session.pageErrors).toEqual([]);
  });
});
