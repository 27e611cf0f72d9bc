/**
 * The install test's browser check: Debian's Chromium (playwright-core from the repository, the
 * same launch as e2e/helpers/browser.ts) logs in to the fresh app's admin, opens the plugin from
 * the main menu, waits for the live banner, opens the automations page with the rule the run
 * created, and opens the rule editor, whose content-type picker must offer the app's own Lead.
 * Screenshots: e2e/artifacts/install-*.png.
 */
const fs = require('fs');
const path = require('path');
const { check, log } = require('./lib');

const ROOT = path.resolve(__dirname, '..', '..');
const { CHROMIUM_ARGS, CHROMIUM_PATH } = require('../runner/chromium');

async function checkAdminInChromium({ url, admin, artifacts, ruleName }) {
  check(fs.existsSync(CHROMIUM_PATH), `${CHROMIUM_PATH} not found: install Debian's Chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  const { chromium } = require(require.resolve('playwright-core', { paths: [ROOT] }));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  const pageErrors = [];
  let page;
  const shot = async (name) => {
    const file = path.join(artifacts, `install-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-US' });
    context.setDefaultTimeout(60000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error));

    await page.goto(`${url}/admin/auth/login`);
    await page.getByLabel(/^Email/).fill(admin.email);
    await page.getByLabel(/^Password/).fill(admin.password);
    await page.getByRole('button', { name: 'Login' }).click();
    await page.waitForURL((u) => !u.pathname.includes('/auth/'));
    await page.getByRole('navigation').first().waitFor();

    await page.getByRole('navigation').getByRole('link', { name: 'WhatsApp' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/plugins/whatsapp');
    await page.getByRole('heading', { name: 'WhatsApp', level: 1 }).waitFor();
    await page.getByRole('status', { name: 'Connection mode' }).getByText('Live: connected to Meta').waitFor();
    log(`  overview: ${path.relative(ROOT, await shot('overview'))}`);

    await page.goto(`${url}/admin/plugins/whatsapp/automations`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByText(ruleName).first().waitFor();
    log(`  automations: ${path.relative(ROOT, await shot('automations'))}`);
    check(
      (await page.getByText(/Woops! Something went wrong/).count()) === 0,
      'the automations page shows Strapi\'s error boundary ("Woops! Something went wrong")'
    );

    // The rule editor's content-type picker offers the app's own type.
    await page.getByRole('link', { name: 'New rule' }).or(page.getByRole('button', { name: 'New rule' })).first().click();
    await page.getByRole('combobox', { name: /When a record of/ }).click();
    await page.getByRole('option', { name: 'Lead (api::lead.lead)' }).waitFor();
    log(`  rule editor, content-type picker: ${path.relative(ROOT, await shot('automation-picker'))}`);
    await page.keyboard.press('Escape');
    check(pageErrors.length === 0, `uncaught errors in the page: ${pageErrors.map((e) => e.message).join(' | ')}`);
  } catch (error) {
    if (page) {
      const file = await shot('failure').catch(() => undefined);
      if (file) error.message += ` (screenshot: ${path.relative(ROOT, file)})`;
    }
    throw error;
  } finally {
    await browser.close();
  }
}

module.exports = { checkAdminInChromium };
