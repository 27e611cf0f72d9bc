import { login, openAdminPath, openBrowser, screenshot, type BrowserSession } from '../helpers';

/**
 * A content editor authors a template in the template form (WhatsApp → Templates → New template):
 * live lint findings, a draft saved while rules are still broken (submit stays off), the fixed
 * draft submitted to WhatsApp (the offline sandbox) that goes PENDING and then APPROVED by Meta's
 * (the sandbox's) webhook; then the approved template is edited through Meta's edit endpoint
 * (back to PENDING, approved again), and a second edit the same day is refused with Meta's limit
 * said on the page.
 */
const SPEC = 'templates';
const NAME = `e2e_bread_ready_${Date.now().toString(36)}`;

describe('Template authoring', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowser();
  });

  afterAll(async () => {
    await session?.close();
  });

  it('creates a draft, shows lint errors, fixes them, submits and follows the review to APPROVED', async () => {
    const { page } = session;
    await login(page);
    await openAdminPath(page, 'plugins/whatsapp/templates/new');
    await page.getByRole('heading', { name: 'New template', level: 1 }).waitFor();

    // A draft that breaks three of WhatsApp's rules.
    await page.getByRole('textbox', { name: 'Name' }).fill(NAME);
    await page.getByRole('textbox', { name: 'Message' }).fill('{{1}}, your *fresh bread* is ready for pickup at the shop.');
    await page.getByRole('textbox', { name: 'Footer (optional)' }).fill('Thanks {{1}}');

    const lint = page.getByTestId('template-lint');
    await lint.locator('[data-rule="variable.leading"]').waitFor();
    await lint.locator('[data-rule="bodyExamples.missing"]').waitFor();
    await lint.locator('[data-rule="footer.variables"]').waitFor();
    await page.getByTestId('template-preview-body').getByText('fresh bread').waitFor();
    await screenshot(page, SPEC, 'lint-errors');

    // It can be saved as it is, but not submitted.
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Template saved.').first().waitFor();
    await page.waitForURL((url) => !url.pathname.endsWith('/new'));
    expect(await page.getByRole('button', { name: 'Submit to WhatsApp' }).isDisabled()).toBe(true);
    await screenshot(page, SPEC, 'draft-saved');

    // Fixed: the findings disappear while typing.
    await page.getByRole('textbox', { name: 'Message' }).fill('Good morning! Your *fresh bread* is ready for pickup at the shop.');
    await page.getByRole('textbox', { name: 'Footer (optional)' }).fill('Panadería La Espiga');
    await page.getByTestId('template-lint-ok').waitFor();
    await page.getByTestId('template-preview-footer').getByText('Panadería La Espiga').waitFor();

    // Submit saves the changes first, then sends the template to WhatsApp.
    await page.getByRole('button', { name: 'Submit to WhatsApp' }).click();
    await page.getByText(/Submitted to WhatsApp/).first().waitFor();
    const status = page.getByTestId('template-meta-state').getByTestId('template-status');
    await status.and(page.locator('[data-status="PENDING"]')).waitFor();
    await screenshot(page, SPEC, 'pending');

    // The sandbox approves after its review delay and sends the signed status webhook.
    await status.and(page.locator('[data-status="APPROVED"]')).waitFor({ timeout: 60_000 });
    await screenshot(page, SPEC, 'approved');

    // The Templates page lists it as approved.
    await openAdminPath(page, 'plugins/whatsapp/templates');
    const row = page.getByRole('row', { name: new RegExp(NAME) });
    await row.getByTestId('template-status').and(page.locator('[data-status="APPROVED"]')).waitFor();
    await screenshot(page, SPEC, 'list');

    expect(session.pageErrors).toEqual([]);
  });

  it('edits the approved template at Meta, and is told Meta’s limit when editing it again the same day', async () => {
    const { page } = session;
    await page.getByRole('row', { name: new RegExp(NAME) }).getByRole('link', { name: 'Edit' }).click();
    await page.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    await page.getByTestId('template-edit-limits').getByText(/can be edited once in 24 hours and at most 10 times in 30 days/).waitFor();
    expect(await page.getByRole('textbox', { name: 'Name' }).isDisabled()).toBe(true);

    await page.getByRole('textbox', { name: 'Message' }).fill('Good morning! Your *fresh bread* is ready: come by the shop before 14:00.');
    await page.getByRole('button', { name: 'Send changes to WhatsApp' }).click();
    await page.getByText(/Sent to WhatsApp for review/).first().waitFor();
    const status = page.getByTestId('template-meta-state').getByTestId('template-status');
    await status.and(page.locator('[data-status="PENDING"]')).waitFor();
    await status.and(page.locator('[data-status="APPROVED"]')).waitFor({ timeout: 60_000 });
    await screenshot(page, SPEC, 'edited-approved');

    // Meta allows one edit of an approved template per 24 hours.
    await page.getByRole('textbox', { name: 'Message' }).fill('Good morning! Your *fresh bread* is waiting for you at the shop.');
    await page.getByRole('button', { name: 'Send changes to WhatsApp' }).click();
    await page.getByTestId('template-edit-refused').getByText(/1 time in 24 hours/).waitFor();
    await screenshot(page, SPEC, 'edit-refused');
    await status.and(page.locator('[data-status="APPROVED"]')).waitFor();

    expect(session.pageErrors).toEqual([]);
  });
});
