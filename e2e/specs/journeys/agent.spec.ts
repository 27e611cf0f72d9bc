/**
 * The agent's journey (#16), in two browser windows at once: in the first the agent takes an
 * unassigned conversation ("Assign to me"), adds an internal note and closes it; the second
 * window shows the agent's "Mine" list, where the conversation appears when it is taken, leaves
 * when it is closed, and comes back, live, when the customer writes again (the offline sandbox
 * stands in for the customer's phone). Uses a customer of its own (a unique phone).
 */
import type { Locator, Page } from 'playwright-core';
import {
  DEMO,
  bubble,
  choose,
  conversationTimeline,
  login,
  openAdminPath,
  openBrowser,
  openSecondWindow,
  sandbox,
  screenshot,
  uniquePhone,
  type BrowserSession,
} from '../../helpers';

const SPEC = 'journey-agent';
const RUN = Date.now().toString(36);
const CUSTOMER = { name: `Iratxe Agent ${RUN}`, phone: uniquePhone() };
const FIRST = `¿Me reserváis dos barras para mañana? (${RUN})`;
const NOTE = `Pasa a las 8; cobrar al recoger (${RUN})`;
const AGAIN = `Mejor que sean tres, gracias (${RUN})`;
const AGENT = 'Demo Admin';

const list = (page: Page) => page.getByRole('list', { name: 'Conversations' });
const row = (page: Page) => list(page).getByRole('listitem').filter({ hasText: CUSTOMER.name });
const filterButton = (page: Page, group: string, name: RegExp) => page.getByRole('group', { name: group }).getByRole('button', { name });
const header = (page: Page): Locator => page.getByTestId('wa-conversation-header');

describe('Agent: take a conversation, note it, close it, and see it reopen live', () => {
  let session: BrowserSession;
  let mine: Page;
  const phones = sandbox();

  beforeAll(async () => {
    session = await openBrowser();
    await login(session.page);
    mine = await openSecondWindow(session);
    await login(mine);
    await phones.customerWrites({ from: CUSTOMER.phone, phoneNumberId: DEMO.sanMiguel.phoneNumberId, name: CUSTOMER.name, text: FIRST });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('shows the new conversation among the open, unassigned ones', async () => {
    const { page } = session;
    await openAdminPath(page, 'plugins/whatsapp/inbox');
    await page.getByText('● Live').first().waitFor();
    expect(await filterButton(page, 'Conversation state', /^Open/).getAttribute('aria-pressed')).toBe('true');
    await filterButton(page, 'Assigned to', /^Unassigned/).click();
    await row(page).waitFor();

    // The second window: the agent's own open conversations, where this one is not yet.
    await openAdminPath(mine, 'plugins/whatsapp/inbox');
    await mine.getByText('● Live').first().waitFor();
    // Listed among everyone's open conversations, then not among Mine (gone once that answer is shown).
    await row(mine).waitFor();
    await filterButton(mine, 'Assigned to', /^Mine/).click();
    expect(await filterButton(mine, 'Assigned to', /^Mine/).getAttribute('aria-pressed')).toBe('true');
    await row(mine).waitFor({ state: 'detached' });
  });

  it('takes it (Assign to me), and it appears in the other window’s Mine list live', async () => {
    const { page } = session;
    await row(page).click();
    const timeline = await conversationTimeline(page);
    await bubble(timeline, FIRST).waitFor();
    await header(page).getByRole('button', { name: 'Assign to me' }).click();
    await header(page).getByRole('combobox', { name: 'Assignee' }).filter({ hasText: AGENT }).waitFor();
    // Taken: it leaves the Unassigned list, and shows its assignee once listed again.
    await row(page).waitFor({ state: 'detached' });
    await row(mine).waitFor();
    expect(await row(mine).getByTestId('wa-assignee').textContent()).toBe(`→ ${AGENT}`);
    await screenshot(page, SPEC, 'assigned');
    await screenshot(mine, SPEC, 'mine-live');
  });

  it('adds an internal note: in the timeline, labelled, apart from the messages', async () => {
    const { page } = session;
    const timeline = await conversationTimeline(page);
    await page.getByRole('tab', { name: 'Note' }).click();
    expect(await page.getByRole('tab', { name: 'Note' }).getAttribute('aria-selected')).toBe('true');
    await page.getByText('Only your team sees notes; they are never sent to the customer.').waitFor();
    await page.getByRole('textbox', { name: 'Internal note' }).fill(NOTE);
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = timeline.getByRole('note', { name: 'Internal note' }).filter({ hasText: NOTE });
    await note.waitFor();
    expect(await note.textContent()).toContain(`Internal note · ${AGENT}`);
    // A note is not a message: no bubble, no ticks.
    expect(await bubble(timeline, NOTE).count()).toBe(0);
    await expectEmptyBox(page);
    await screenshot(page, SPEC, 'note');
  });

  it('closes it: it leaves the open lists of both windows live', async () => {
    const { page } = session;
    await choose(page, header(page), 'Conversation state', 'Closed');
    await header(page).getByRole('combobox', { name: 'Conversation state' }).filter({ hasText: 'Closed' }).waitFor();
    await header(page).getByText(`Closed by ${AGENT}`, { exact: false }).waitFor();
    await row(mine).waitFor({ state: 'detached' });
    await screenshot(mine, SPEC, 'closed-gone');
  });

  it('reopens when the customer writes again, back in the Mine list live', async () => {
    const { page } = session;
    await phones.customerWrites({ from: CUSTOMER.phone, phoneNumberId: DEMO.sanMiguel.phoneNumberId, name: CUSTOMER.name, text: AGAIN });
    await row(mine).waitFor();
    await row(mine).filter({ hasText: AGAIN }).waitFor();
    // The first window, still on the conversation: the message, and the header back to Open, by the customer.
    const timeline = await conversationTimeline(page);
    await bubble(timeline, AGAIN).waitFor();
    await header(page).getByRole('combobox', { name: 'Conversation state' }).filter({ hasText: 'Open' }).waitFor();
    await header(page).getByText('Open by the customer', { exact: false }).waitFor();
    await header(page).getByRole('combobox', { name: 'Assignee' }).filter({ hasText: AGENT }).waitFor();
    await screenshot(mine, SPEC, 'reopened-mine');
    await screenshot(page, SPEC, 'reopened');
    expect(session.pageErrors).toEqual([]);
  });
});

async function expectEmptyBox(page: Page) {
  await page.waitForFunction(() => {
    const box = document.querySelector<HTMLTextAreaElement>('textarea[name="whatsapp-note"]');
    return box !== null && box.value === '';
  });
}
