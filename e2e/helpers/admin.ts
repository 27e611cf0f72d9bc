import type { Page } from 'playwright-core';
import { e2eEnv } from './env';
import { LANGUAGE_NAMES, translator, type Locale, type Translator } from './translations';

/** Logs in through the admin's login form and waits for the home page. */
export async function login(page: Page, admin = e2eEnv().admin): Promise<void> {
  const { baseUrl } = e2eEnv();
  await page.goto(`${baseUrl}/admin/auth/login`);
  await page.getByLabel(/^Email/).fill(admin.email);
  await page.getByLabel(/^Password/).fill(admin.password);
  await page.getByRole('button', { name: 'Login' }).click();
  await page.waitForURL((url) => !url.pathname.includes('/auth/'));
  // The admin shell (main menu) renders after /admin/init and the user's permissions load.
  await page.getByRole('navigation').first().waitFor();
}

/** Opens a plugin from the main menu by its label (as a user would) and waits for its route. */
export async function openFromMainMenu(page: Page, label: string, pathPrefix = '/admin/plugins/'): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: label }).click();
  await page.waitForURL((url) => url.pathname.startsWith(pathPrefix));
}

/** Opens a path inside the admin directly, e.g. `plugins/whatsapp/numbers`. */
export async function openAdminPath(page: Page, adminPath: string): Promise<void> {
  const { baseUrl } = e2eEnv();
  await page.goto(`${baseUrl}/admin/${adminPath.replace(/^\/+/, '')}`);
}

/**
 * Switches the logged-in admin's interface language the way a user does: profile (`/admin/me`) →
 * Experience → "Interface language" → Save. `from` and `to` are the current and the new language;
 * the profile's own labels are read from Strapi's translations.
 */
export async function setInterfaceLanguage(page: Page, from: Locale, to: Locale): Promise<void> {
  const before = translator(from);
  const after = translator(to);
  const field = (tr: Translator) => page.getByRole('combobox', { name: new RegExp(`^${tr.admin('Settings.profile.form.section.experience.interfaceLanguage')}`) });
  await openAdminPath(page, 'me');
  await field(before).click();
  await page.getByRole('option', { name: LANGUAGE_NAMES[to] }).click();
  await page.getByRole('button', { name: before.admin('global.save'), exact: true }).click();
  // The profile re-renders in the new language once the user is saved.
  await field(after).waitFor();
}
