/**
 * Meta recategorises a template (#13 item 3, docs/marketing-messages.md#category-changes): the
 * offline sandbox posts a signed `template_category_update` webhook for `job_completed` (es), and
 * the Automations page flags the rule that sends it with "Template recategorised: UTILITY →
 * MARKETING". The category is then changed back the same way, and saving the rule (the review)
 * clears the flag, so the demo data is left as it was.
 */
import { adminApi, login, openAdminPath, openBrowser, screenshot, translator, type BrowserSession } from '../../helpers';

const SPEC = 'journey-recategorised-template';
const tr = translator('en');
const RULE = 'Job completed → customer';

describe('A template Meta recategorises is flagged on the rules that send it', () => {
  let session: BrowserSession;
  const api = adminApi();
  const recategorise = (previousCategory: string, newCategory: string) =>
    api.call('POST', '/whatsapp/sandbox/template-category', { name: 'job_completed', language: 'es', previousCategory, newCategory });

  beforeAll(async () => {
    session = await openBrowser();
    await api.login();
    await login(session.page);
  });

  afterAll(async () => {
    await session?.close();
  });

  const ruleRow = () => session.page.getByRole('row').filter({ hasText: RULE });
  const openList = async () => {
    await openAdminPath(session.page, 'plugins/whatsapp/automations');
    await session.page.getByRole('heading', { name: tr.t('automations.title'), level: 1 }).waitFor();
    await ruleRow().waitFor();
  };

  it('shows "Template recategorised" on the rule after the webhook, and clears it when the rule is saved', async () => {
    const { page } = session;
    const sent = await recategorise('UTILITY', 'MARKETING');
    expect(sent.data.webhookStatus).toBe(200);
    await openList();
    const badge = ruleRow().getByTestId('template-recategorised');
    await badge.waitFor();
    expect(await badge.textContent()).toBe(`${tr.t('automations.recategorised.badge')}: UTILITY → MARKETING`);
    // Other rules do not send it: not flagged.
    expect(await page.getByRole('row').filter({ hasText: 'Technician assigned → customer' }).getByTestId('template-recategorised').count()).toBe(0);
    await screenshot(page, SPEC, 'flagged');

    // Back to UTILITY (the demo's category), then the rule reviewed and saved: no flag.
    await recategorise('MARKETING', 'UTILITY');
    await openList();
    await ruleRow().getByText(`${tr.t('automations.recategorised.badge')}: MARKETING → UTILITY`).waitFor();
    await page.getByRole('link', { name: RULE, exact: true }).click();
    await page.getByRole('heading', { name: RULE, level: 1 }).waitFor();
    await page.getByRole('button', { name: tr.t('automations.save'), exact: true }).click();
    await page.getByText(tr.t('automations.saved')).first().waitFor();
    await openList();
    expect(await ruleRow().getByTestId('template-recategorised').count()).toBe(0);
    expect(session.pageErrors).toEqual([]);
  });
});
