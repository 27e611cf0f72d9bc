/**
 * The content editor's journey (issue #12): in WhatsApp → Templates → New template they author a
 * template with an image header (a sample picked in Strapi's media library, uploaded to Meta's
 * Resumable Upload API by the plugin), two body variables with their examples and two buttons (a
 * quick reply and a URL with a dynamic suffix), all in the form, no JSON; they see WhatsApp's rules
 * broken while typing and fixed; they submit and follow the review, PENDING then APPROVED (the
 * offline sandbox plays Meta). Then a CRM user opens a new customer whose 24-hour window is closed
 * and sends that template from the composer, with the header image and the variables filled in.
 *
 * Everything goes through the admin UI; the template, the image and the customer are this run's.
 */
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import type { Page } from 'playwright-core';
import {
  DEMO,
  bubble,
  choose,
  conversationTimeline,
  createEntry,
  login,
  openAdminPath,
  openBrowser,
  screenshot,
  spacedPhone,
  uniquePhone,
  type BrowserSession,
} from '../../helpers';
import { UID } from '../../../plugins/whatsapp/shared/uids';

const SPEC = 'journey-content-editor';
const RUN = Date.now().toString(36);
const NAME = `e2e_fresh_bread_${RUN}`;
const IMAGE = `fresh-bread-${RUN}.png`;
const CUSTOMER = { name: `Irene Goñi ${RUN}`, phone: uniquePhone() };
// A 2×2 red PNG: the upload plugin reads it as a real image.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAE0lEQVQImWP4z8DwnwGM/zMwAAAf7gP9qS/A4gAAAABJRU5ErkJggg==', 'base64');

/**
 * Strapi's media library dialog: the file is uploaded from the computer the first time, picked
 * from the library afterwards.
 */
async function pickFromMediaLibrary(page: Page, file: string, upload: boolean): Promise<void> {
  const name = path.basename(file);
  if (upload) {
    await page.getByRole('dialog').getByRole('button', { name: /^Add (more|new) assets$/ }).first().click();
    await page.getByLabel('Drag & Drop here or').setInputFiles(file);
    await page.getByRole('button', { name: 'Upload 1 asset to the library' }).click();
  }
  // Back in the library (or straight there): tick the file and finish.
  const dialog = page.getByRole('dialog');
  await dialog.getByText(name).first().waitFor();
  await page.getByRole('checkbox', { name }).check();
  await page.getByRole('button', { name: 'Finish' }).click();
}

describe('Content editor journey', () => {
  let session: BrowserSession;
  let imagePath: string;

  beforeAll(async () => {
    session = await openBrowser();
    imagePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wa-e2e-')), IMAGE);
    fs.writeFileSync(imagePath, PNG);
  });

  afterAll(async () => {
    await session?.close();
  });

  it('authors a media template with two variables and two buttons in the form, submits it and sees it approved', async () => {
    const { page } = session;
    await login(page);
    await openAdminPath(page, 'plugins/whatsapp/templates');
    await page.getByRole('link', { name: 'New template' }).click();
    await page.getByRole('heading', { name: 'New template', level: 1 }).waitFor();

    await page.getByRole('textbox', { name: 'Name' }).fill(NAME);

    // Header: an image sample from the media library.
    await choose(page, page, 'Header type', 'Image');
    const lint = page.getByTestId('template-lint');
    await lint.locator('[data-rule="header.media.example.required"]').waitFor();
    await page.getByRole('button', { name: 'Choose a sample from the media library' }).click();
    await pickFromMediaLibrary(page, imagePath, true);
    await page.getByText(`Sample ${IMAGE} uploaded to WhatsApp.`).waitFor();

    // Body: two variables added with the button; the rules complain while the text is unfinished.
    const body = page.getByRole('textbox', { name: 'Message' });
    await body.fill('Hi');
    await page.getByRole('button', { name: 'Add variable' }).click();
    await lint.locator('[data-rule="variable.trailing"]').waitFor();
    await lint.locator('[data-rule="bodyExamples.missing"]').waitFor();
    await body.press('End');
    await body.pressSequentially(', your *fresh bread* is ready at');
    await page.getByRole('button', { name: 'Add variable' }).click();
    await body.press('End');
    await body.pressSequentially(' until 14:00.');
    expect(await body.inputValue()).toBe('Hi {{1}}, your *fresh bread* is ready at {{2}} until 14:00.');
    await page.getByRole('textbox', { name: 'Example for {{1}}' }).fill('Lucía');
    await page.getByRole('textbox', { name: 'Example for {{2}}' }).fill('Calle Mayor 3');

    // Buttons: a quick reply (its label too long at first) and a URL with a dynamic suffix.
    await page.getByRole('button', { name: 'Add Quick reply' }).click();
    const label1 = page.getByRole('textbox', { name: 'Label of button 1' });
    await label1.fill('I will come by later today, thank you');
    await lint.locator('[data-rule="buttons.text.length"]').waitFor();
    await screenshot(page, SPEC, 'lint-errors');
    await label1.fill('On my way');
    await page.getByRole('button', { name: 'Add Website (URL)' }).click();
    await page.getByRole('textbox', { name: 'Label of button 2' }).fill('See the shop');
    await page.getByRole('textbox', { name: 'URL of button 2' }).fill('https://laespiga.example.com/shops');
    await page.getByRole('button', { name: 'Add a dynamic suffix' }).click();
    await lint.locator('[data-rule="buttons.url.example.required"]').waitFor();
    await page.getByRole('textbox', { name: 'Example suffix of button 2' }).fill('mayor-3');

    await page.getByTestId('template-lint-ok').waitFor();
    await page.getByTestId('template-preview-body').getByText('Calle Mayor 3', { exact: false }).waitFor();
    await screenshot(page, SPEC, 'form-ready');

    // Submit saves the draft first, then sends it to WhatsApp for review.
    await page.getByRole('button', { name: 'Submit to WhatsApp' }).click();
    await page.getByText(/Submitted to WhatsApp/).first().waitFor();
    const status = page.getByTestId('template-meta-state').getByTestId('template-status');
    await status.and(page.locator('[data-status="PENDING"]')).waitFor();
    await screenshot(page, SPEC, 'pending');
    await status.and(page.locator('[data-status="APPROVED"]')).waitFor({ timeout: 60_000 });
    await screenshot(page, SPEC, 'approved');

    expect(session.pageErrors).toEqual([]);
  });

  it('a CRM user sends it from the composer to a customer whose window is closed', async () => {
    const { page } = session;
    await createEntry(page, UID.customer, {
      text: { Name: CUSTOMER.name, Phone: spacedPhone(CUSTOMER.phone) },
      relation: { Tenant: DEMO.laEspiga.name },
    });
    const timeline = await conversationTimeline(page);
    await page.getByText('This customer has not written yet: start with an approved template.').waitFor();

    await choose(page, page, 'Approved template', new RegExp(`^${NAME} · en`));
    await page.getByRole('button', { name: 'Choose the header file' }).click();
    await pickFromMediaLibrary(page, imagePath, false);
    await page.getByRole('button', { name: IMAGE }).waitFor();
    await page.getByRole('textbox', { name: 'Body variable {{1}}' }).fill('Irene');
    await page.getByRole('textbox', { name: 'Body variable {{2}}' }).fill('Calle Estafeta 12');
    await page.getByRole('textbox', { name: 'Button “See the shop”' }).fill('estafeta-12');
    await page.getByText('Hi Irene, your', { exact: false }).first().waitFor();
    await screenshot(page, SPEC, 'composer');
    await page.getByRole('button', { name: 'Send template' }).click();

    const sent = bubble(timeline, `Template ${NAME}`);
    await sent.waitFor();
    await sent.getByRole('img', { name: 'Read' }).waitFor();
    await screenshot(page, SPEC, 'sent');

    // The Templates page lists it approved.
    await openAdminPath(page, 'plugins/whatsapp/templates');
    const row = page.getByRole('row', { name: new RegExp(NAME) });
    await row.getByTestId('template-status').and(page.locator('[data-status="APPROVED"]')).waitFor();
    expect(session.pageErrors).toEqual([]);
  });
});
