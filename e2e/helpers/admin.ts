import type { Page } from 'playwright-core';
import { e2eEnv } from './env';

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
