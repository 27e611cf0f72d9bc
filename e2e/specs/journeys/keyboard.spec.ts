/**
 * The CRM user's composer with the keyboard only (issue #12): from the inbox, find a conversation
 * and open it, reply to the customer's message (quoted), send a free-text reply, switch to a
 * template, pick one, fill its variables and send it, with Tab / Shift+Tab / Enter / Space / arrow
 * keys and typing, never a click. Every control reached shows a visible focus indicator, and every
 * send arrives (read, through the sandbox playing the customer's phone).
 *
 * The customer is this run's own: unknown until they write to Horno San Miguel.
 */
import type { Locator, Page } from 'playwright-core';
import {
  DEMO,
  bubble,
  conversationTimeline,
  focusIndicator,
  login,
  openAdminPath,
  openBrowser,
  sandbox,
  screenshot,
  tabTo,
  translator,
  uniquePhone,
  type BrowserSession,
} from '../../helpers';

const SPEC = 'journey-keyboard';
const tr = translator('en');
const RUN = Date.now().toString(36);
const CUSTOMER = { name: `Ane Keyboard ${RUN}`, phone: uniquePhone() };
const QUESTION = `¿Me guardáis una hogaza? (${RUN})`;
const REPLY = `Sí, te la guardamos (${RUN})`;

/** Tab to `target` and check it shows that it has the focus. */
async function focusWithTab(page: Page, target: Locator, options?: { backwards?: boolean }): Promise<void> {
  await tabTo(page, target, options);
  const focus = await focusIndicator(page);
  expect({ element: focus.element, focusVisible: focus.focusVisible, shows: focus.changes.length > 0 }).toEqual({
    element: focus.element,
    focusVisible: true,
    shows: true,
  });
}

describe('CRM user, keyboard only: open a conversation, reply, send a template', () => {
  let session: BrowserSession;
  const phones = sandbox();

  beforeAll(async () => {
    session = await openBrowser();
    await login(session.page);
    await phones.customerWrites({ from: CUSTOMER.phone, phoneNumberId: DEMO.sanMiguel.phoneNumberId, name: CUSTOMER.name, text: QUESTION });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('finds the conversation by phone and opens it', async () => {
    const { page } = session;
    await openAdminPath(page, 'plugins/whatsapp/inbox');
    await page.getByRole('heading', { name: tr.t('inbox.title'), level: 1 }).waitFor();
    const list = page.getByRole('list', { name: tr.t('inbox.list.label') });
    await list.getByRole('listitem').first().waitFor();

    await focusWithTab(page, page.getByRole('textbox', { name: tr.t('inbox.filters.search') }));
    await page.keyboard.type(CUSTOMER.phone.slice(-8));
    const item = list.getByRole('listitem').filter({ hasText: CUSTOMER.name });
    await item.waitFor();
    await list.getByRole('listitem').filter({ hasNotText: CUSTOMER.name }).first().waitFor({ state: 'detached' });

    await focusWithTab(page, item);
    await screenshot(page, SPEC, 'conversation-focused');
    await page.keyboard.press('Enter');
    const timeline = await conversationTimeline(page);
    await bubble(timeline, QUESTION).waitFor();
  });

  it('replies to the customer’s message, quoted, and sends it with Enter', async () => {
    const { page } = session;
    const timeline = page.getByRole('log', { name: tr.t('inbox.timeline.label') });
    const question = bubble(timeline, QUESTION);
    // The message's own actions are reachable with Tab (and appear when focused).
    const replyButton = question.getByRole('button', { name: tr.t('inbox.actions.reply') });
    await focusWithTab(page, replyButton);
    expect(await replyButton.evaluate((el) => getComputedStyle(el.parentElement!).opacity)).toBe('1');
    await screenshot(page, SPEC, 'reply-action-focused');
    await page.keyboard.press('Enter');
    await page.getByText(tr.t('inbox.composer.replyingTo', { preview: QUESTION })).waitFor();

    const box = page.getByRole('textbox', { name: tr.t('inbox.composer.message'), exact: true });
    await focusWithTab(page, box);
    await page.keyboard.type(REPLY);
    await page.keyboard.press('Enter');

    const reply = bubble(timeline, REPLY);
    await reply.waitFor();
    await reply.getByText(QUESTION).waitFor(); // the quote
    await reply.getByRole('img', { name: tr.t('inbox.status.read') }).waitFor();
    expect(await box.inputValue()).toBe('');
    await screenshot(page, SPEC, 'reply-sent');
  });

  it('switches to a template, picks it with the arrow keys, fills it and sends it', async () => {
    const { page } = session;
    const timeline = page.getByRole('log', { name: tr.t('inbox.timeline.label') });
    await focusWithTab(page, page.getByRole('button', { name: tr.t('inbox.composer.useTemplate') }));
    await page.keyboard.press('Space');

    // The focus moves to the template select that replaced the button.
    const picker = page.getByRole('combobox', { name: tr.t('inbox.templates.choose') });
    await picker.waitFor();
    await page.waitForFunction((label) => document.activeElement?.getAttribute('aria-label') === label, tr.t('inbox.templates.choose'));
    await focusWithTab(page, picker); // already there: checks the focus is visible
    await page.keyboard.press('ArrowDown');
    const listbox = page.getByRole('listbox');
    await listbox.waitFor();
    const wanted = page.getByRole('option', { name: /^order_ready · es/ });
    for (let presses = 0; presses < 40 && !(await wanted.evaluate((el) => el.hasAttribute('data-highlighted'))); presses += 1) {
      await page.keyboard.press('ArrowDown');
    }
    await screenshot(page, SPEC, 'template-options');
    await page.keyboard.press('Enter');
    await listbox.waitFor({ state: 'detached' });
    await picker.getByText(/^order_ready · es/).waitFor();

    await focusWithTab(page, page.getByRole('textbox', { name: tr.t('inbox.templates.bodyVariable', { name: '{{1}}' }) }));
    await page.keyboard.type('Ane');
    await focusWithTab(page, page.getByRole('textbox', { name: tr.t('inbox.templates.bodyVariable', { name: '{{2}}' }) }));
    await page.keyboard.type(`H-${RUN}`);
    await page.getByText(`¡Hola Ane! Su pedido H-${RUN} ya está listo para recoger en la tienda.`).first().waitFor();

    await focusWithTab(page, page.getByRole('button', { name: tr.t('inbox.templates.send') }));
    await screenshot(page, SPEC, 'template-filled');
    await page.keyboard.press('Enter');
    const sent = bubble(timeline, `H-${RUN}`);
    await sent.getByRole('img', { name: tr.t('inbox.status.read') }).waitFor();
    await screenshot(page, SPEC, 'template-sent');
    expect(session.pageErrors).toEqual([]);
  });
});
