/**
 * A customer who writes from a WhatsApp username (#13 item 1): no phone number reaches us, only
 * Meta's business-scoped user id (BSUID) and the username. The agent finds the conversation by
 * the username, sees it in the inbox list, the conversation's title and the customer panel, and
 * replies; the reply goes to Meta with `recipient` (the sandbox delivers it and reports it read,
 * as Meta would). The offline sandbox stands in for the customer's phone.
 */
import type { Page } from 'playwright-core';
import { DEMO, bubble, conversationTimeline, login, openAdminPath, openBrowser, sandbox, screenshot, type BrowserSession } from '../../helpers';

const SPEC = 'journey-username';
const RUN = Date.now().toString(36);
const STAMP = String(Date.now()).slice(-12).padStart(12, '0');
const CUSTOMER = { name: `Nahia Username ${RUN}`, username: `nahia.${RUN}`, userId: `ES.${STAMP}${RUN}` };
const FIRST = `Hola, ¿tenéis pan sin gluten? (${RUN})`;
const REPLY = `Sí, los martes y viernes (${RUN})`;

const list = (page: Page) => page.getByRole('list', { name: 'Conversations' });
const row = (page: Page) => list(page).getByRole('listitem').filter({ hasText: CUSTOMER.name });
const panel = (page: Page) => page.getByTestId('wa-customer-panel');

describe('Agent: a customer known only by WhatsApp username', () => {
  let session: BrowserSession;
  const phones = sandbox();

  beforeAll(async () => {
    session = await openBrowser();
    await login(session.page);
    await phones.customerWrites({ userId: CUSTOMER.userId, username: CUSTOMER.username, phoneNumberId: DEMO.laEspiga.phoneNumberId, name: CUSTOMER.name, text: FIRST });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('finds the conversation by @username and shows the username in the list, the title and the customer panel', async () => {
    const { page } = session;
    await openAdminPath(page, `plugins/whatsapp/inbox?state=all&search=${encodeURIComponent(`@${CUSTOMER.username}`)}`);
    await row(page).waitFor();
    expect(await row(page).getByTestId('wa-conversation-username').textContent()).toBe(`@${CUSTOMER.username}`);
    await row(page).getByRole('button').first().click();
    const timeline = await conversationTimeline(page);
    await bubble(timeline, FIRST).waitFor();
    expect(await page.getByTestId('wa-conversation-title-username').textContent()).toBe(`@${CUSTOMER.username}`);

    const contact = panel(page).getByTestId('wa-customer-contact');
    await contact.waitFor();
    expect(await contact.getByTestId('wa-contact-username').textContent()).toBe(`Username@${CUSTOMER.username}`);
    expect(await contact.getByTestId('wa-contact-userId').textContent()).toBe(`WhatsApp user id (BSUID)${CUSTOMER.userId}`);
    expect(await contact.getByTestId('wa-contact-phone').textContent()).toBe('Phone—');
    await screenshot(page, SPEC, 'username');
    expect(session.pageErrors).toEqual([]);
  });

  it('replies to the customer with no phone number, and the reply is delivered and read', async () => {
    const { page } = session;
    const timeline = await conversationTimeline(page);
    await page.getByText(/24-hour window open · \d+ h \d+ min left/).waitFor();
    const box = page.getByRole('textbox', { name: 'Message' });
    await box.fill(REPLY);
    await box.press('Enter');
    const reply = bubble(timeline, REPLY);
    await reply.waitFor();
    // Sent with `recipient`: the sandbox reports sent, delivered and read by recipient_user_id only.
    await reply.getByRole('img', { name: 'Read' }).waitFor();
    await screenshot(page, SPEC, 'reply-read');
    expect(session.pageErrors).toEqual([]);
  });
});
