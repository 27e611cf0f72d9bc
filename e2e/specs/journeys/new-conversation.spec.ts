/**
 * New conversation (#16): from the inbox an agent starts a conversation with a phone typed by
 * hand. A bad number is refused as it is typed; a national number is read in the sender's country
 * (Horno San Miguel's Spanish number); Start opens the new contact's conversation, whose window is
 * closed (the contact never wrote), so the composer offers approved templates only; the template
 * sent shows in the timeline and its ticks reach read (the offline sandbox plays the customer's
 * phone). Uses a phone of its own, unknown until this run.
 */
import type { Locator, Page } from 'playwright-core';
import { DEMO, bubble, choose, conversationTimeline, login, openAdminPath, openBrowser, screenshot, translator, uniquePhone, type BrowserSession } from '../../helpers';

const SPEC = 'journey-new-conversation';
const RUN = Date.now().toString(36);
const PHONE = uniquePhone();
/** `+34712345678` → `712 34 56 78`: a Spanish number as a Spaniard types it, without the country code. */
const NATIONAL = `${PHONE.slice(3, 6)} ${PHONE.slice(6, 8)} ${PHONE.slice(8, 10)} ${PHONE.slice(10)}`;
const tr = translator('en');

const dialog = (page: Page): Locator => page.getByRole('dialog', { name: tr.t('newConversation.title') });
const contactBox = (page: Page) => dialog(page).getByRole('textbox', { name: tr.t('newConversation.contact') });

describe('Agent: a new conversation with a typed phone, ending in a template send', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowser();
    await login(session.page);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('opens the New conversation dialog from the inbox: a title, labelled inputs, recent customers', async () => {
    const { page } = session;
    await openAdminPath(page, 'plugins/whatsapp/inbox');
    await page.getByRole('heading', { name: tr.t('inbox.title'), level: 1 }).waitFor();
    await page.getByRole('button', { name: tr.t('newConversation.open') }).click();
    await dialog(page).waitFor();
    await choose(page, dialog(page), tr.t('newConversation.sender'), new RegExp(DEMO.sanMiguel.name));
    await dialog(page).getByText(tr.t('newConversation.contacts.recent')).waitFor();
    await screenshot(page, SPEC, 'dialog');
  });

  it('refuses a bad phone as it is typed, and reads a national one in the sender’s country', async () => {
    const { page } = session;
    const start = dialog(page).getByRole('button', { name: tr.t('newConversation.start') });
    await contactBox(page).fill('+34 600 12');
    await dialog(page).getByText(tr.t('newConversation.phone.invalidIn', { country: 'ES' })).waitFor();
    expect(await start.isDisabled()).toBe(true);
    await screenshot(page, SPEC, 'invalid-phone');

    await contactBox(page).fill(NATIONAL);
    await dialog(page).getByText(tr.t('newConversation.phone.valid', { phone: `+34 ${NATIONAL}` })).waitFor();
    expect(await dialog(page).getByText(tr.t('newConversation.phone.invalidIn', { country: 'ES' })).count()).toBe(0);
    expect(await start.isDisabled()).toBe(false);
  });

  it('starts it: the window is closed, only approved templates are offered', async () => {
    const { page } = session;
    // Enter in the box starts, as the Start button does.
    await contactBox(page).press('Enter');
    await dialog(page).waitFor({ state: 'detached' });
    const timeline = await conversationTimeline(page);
    await timeline.getByText(tr.t('inbox.timeline.empty')).waitFor();
    await page.getByRole('heading', { name: PHONE, level: 2 }).waitFor();
    const windowState = page.getByTestId('wa-window-state');
    expect(await windowState.getAttribute('data-open')).toBe('false');
    expect(await windowState.textContent()).toBe(tr.t('inbox.window.never'));
    expect(await page.getByRole('textbox', { name: tr.t('inbox.composer.message'), exact: true }).count()).toBe(0);
    await page.getByRole('combobox', { name: tr.t('inbox.templates.choose') }).waitFor();
    await screenshot(page, SPEC, 'templates-only');
  });

  it('sends a template, which shows in the timeline with its ticks reaching read', async () => {
    const { page } = session;
    const timeline = page.getByRole('log', { name: tr.t('inbox.timeline.label') });
    await choose(page, page, tr.t('inbox.templates.choose'), /^order_ready · es/);
    await page.getByRole('textbox', { name: tr.t('inbox.templates.bodyVariable', { name: '{{1}}' }) }).fill('Jon');
    await page.getByRole('textbox', { name: tr.t('inbox.templates.bodyVariable', { name: '{{2}}' }) }).fill(`N-${RUN}`);
    await page.getByRole('button', { name: tr.t('inbox.templates.send') }).click();

    const sent = bubble(timeline, tr.t('inbox.template.label', { name: 'order_ready' }));
    await sent.waitFor();
    await sent.getByRole('img', { name: tr.t('inbox.status.read') }).waitFor();
    // Now a conversation of the list, like any other.
    await page.getByRole('list', { name: tr.t('inbox.list.label') }).getByRole('listitem').filter({ hasText: PHONE }).first().waitFor();
    await screenshot(page, SPEC, 'template-read');
    expect(session.pageErrors).toEqual([]);
  });
});
