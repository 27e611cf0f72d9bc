import { login, openAdminPath, openBrowser, screenshot, type BrowserSession } from '../helpers';
import { UID } from '../../plugins/whatsapp/shared/uids';

/**
 * A content editor authors a template in the content manager: live lint findings in the side
 * panel, a refused submission while rules are broken, then a fixed draft submitted to WhatsApp
 * (the offline sandbox) that goes PENDING and then APPROVED by Meta's (the sandbox's) webhook.
 */
const SPEC = 'templates';
const NAME = `e2e_bread_ready_${Date.now().toString(36)}`;
const CREATE = `content-manager/collection-types/${UID.template}/create`;

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
    await openAdminPath(page, CREATE);

    const panel = page.getByTestId('template-lint').or(page.getByTestId('template-lint-ok'));
    await panel.first().waitFor();

    // A draft that Strapi accepts but that breaks three of WhatsApp's rules.
    await page.getByRole('textbox', { name: /^name/ }).fill(NAME);
    await page.getByRole('textbox', { name: /^body/ }).fill('{{1}}, your *fresh bread* is ready for pickup at the shop.');
    await page.getByRole('textbox', { name: /^footer/ }).fill('Thanks {{1}}');

    const lint = page.getByTestId('template-lint');
    await lint.locator('[data-rule="variable.leading"]').waitFor();
    await lint.locator('[data-rule="bodyExamples.missing"]').waitFor();
    await lint.locator('[data-rule="footer.variables"]').waitFor();
    await page.getByTestId('template-preview-body').getByText('fresh bread').waitFor();
    await screenshot(page, SPEC, 'lint-errors');

    // Saved as it is, the server refuses to submit it and says why.
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL((url) => !url.pathname.endsWith('/create'));
    await page.getByRole('button', { name: 'Submit to WhatsApp' }).click();
    await page.getByText('Not submitted').first().waitFor();
    await page.getByText(/does not meet WhatsApp's rules/).first().waitFor();
    await screenshot(page, SPEC, 'submit-refused');

    // Fixed: the findings disappear while typing.
    await page.getByRole('textbox', { name: /^body/ }).fill('Good morning! Your *fresh bread* is ready for pickup at the shop.');
    await page.getByRole('textbox', { name: /^footer/ }).fill('Panadería La Espiga');
    await page.getByTestId('template-lint-ok').waitFor();
    await page.getByTestId('template-preview-footer').getByText('Panadería La Espiga').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    // Saved: nothing left to save (the action submits what Strapi stores, not unsaved edits).
    await page.getByRole('button', { name: 'Save', disabled: true }).waitFor();

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
});
