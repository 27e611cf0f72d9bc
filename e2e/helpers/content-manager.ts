import type { Page } from 'playwright-core';
import { openAdminPath } from './admin';
import { translator, type Translator } from './translations';

/**
 * Strapi's content manager as a CRM user drives it: create a record through its edit view, change
 * one, save. Its inputs are labelled with the attribute names (`name`, `phone`, `tenant`), in
 * every interface language; its buttons and notifications come from Strapi's translations.
 */

export interface EntryFields {
  /** Text, number and e-mail inputs by attribute name. */
  text?: Record<string, string>;
  /** Enumerations by attribute name → value. */
  select?: Record<string, string>;
  /** Booleans by attribute name. */
  boolean?: Record<string, boolean>;
  /** To-one relations by attribute name → the related record's label, picked from the list. */
  relation?: Record<string, string>;
}

const documentIdOf = (url: string) => new URL(url).pathname.split('/').pop() as string;

/** Fills the edit view's inputs (create or edit). */
export async function fillEntry(page: Page, fields: EntryFields): Promise<void> {
  for (const [name, value] of Object.entries(fields.text ?? {})) {
    await page.getByRole('textbox', { name: new RegExp(`^${name}\\b`) }).or(page.getByRole('spinbutton', { name: new RegExp(`^${name}\\b`) })).fill(value);
  }
  for (const [name, value] of Object.entries(fields.select ?? {})) {
    await page.getByRole('combobox', { name }).click();
    await page.getByRole('option', { name: value, exact: true }).click();
  }
  for (const [name, wanted] of Object.entries(fields.boolean ?? {})) {
    const box = page.getByRole('checkbox', { name, exact: true });
    if ((await box.isChecked()) !== wanted) await box.click();
  }
  for (const [name, label] of Object.entries(fields.relation ?? {})) {
    const box = page.getByRole('combobox', { name });
    await box.click();
    // The list is paged: typing searches the related records on the server.
    await box.fill(label);
    await page.getByRole('option', { name: label, exact: true }).click();
  }
}

/** Saves the edit view and waits for Strapi's "Saved document". */
export async function saveEntry(page: Page, tr: Translator = translator('en')): Promise<void> {
  await page.getByRole('button', { name: tr.admin('global.save'), exact: true }).click();
  await page.getByText(tr.contentManager('success.record.save'), { exact: true }).first().waitFor();
}

/** Creates a record through the content manager's "create" view; returns its documentId. */
export async function createEntry(page: Page, uid: string, fields: EntryFields, tr: Translator = translator('en')): Promise<string> {
  await openAdminPath(page, `content-manager/collection-types/${uid}/create`);
  await fillEntry(page, fields);
  await saveEntry(page, tr);
  await page.waitForURL((url) => !url.pathname.endsWith('/create'));
  return documentIdOf(page.url());
}

/** Opens a record's edit view. */
export async function openEntry(page: Page, uid: string, documentId: string): Promise<void> {
  await openAdminPath(page, `content-manager/collection-types/${uid}/${documentId}`);
}

/**
 * Finds a record in the content manager's list by its search box (as a user would: the list's
 * `_q` search) and opens it; returns its documentId.
 */
export async function findAndOpenEntry(page: Page, uid: string, search: string, rowText: string | RegExp = search): Promise<string> {
  await openAdminPath(page, `content-manager/collection-types/${uid}?page=1&pageSize=10&_q=${encodeURIComponent(search)}`);
  const row = page.getByRole('grid').getByRole('row').filter({ hasText: rowText });
  await row.first().waitFor();
  // A row opens its record when clicked (its first cell is the selection checkbox).
  await row.first().getByText(rowText).first().click();
  await page.waitForURL((url) => /\/collection-types\/[^/]+\/[^/?]+$/.test(url.pathname) && !url.pathname.endsWith('/create'));
  return documentIdOf(page.url());
}
