import type { Page } from 'playwright-core';
import { openAdminPath } from './admin';
import { translator, type Translator } from './translations';
import { fieldLabel } from '../../plugins/whatsapp/server/src/core/content-manager/translations';
import { PLUGIN_VIEWS } from '../../plugins/whatsapp/server/src/core/content-manager/views';
import { HOST_VIEWS } from '../../src/content-manager';

/**
 * Strapi's content manager as a CRM user drives it: create a record through its edit view, change
 * one, save. Fields are named by attribute (`name`, `phone`, `tenant`) and found by the label the
 * curated views give them in the interface language (the plugin's and the app's views, as the
 * admin shows them; the attribute name where no view names the field); buttons and notifications
 * come from Strapi's translations.
 */

const VIEWS = [...PLUGIN_VIEWS, ...HOST_VIEWS];
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The accessible name of a field's input: its label, maybe followed by the required mark. */
export function fieldName(uid: string, field: string, tr: Translator = translator('en')): RegExp {
  return new RegExp(`^${escape(fieldLabel(VIEWS, uid, field, tr.locale))}\\s*\\*?$`);
}

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

/** Fills the edit view's inputs (create or edit) of a record of `uid`. */
export async function fillEntry(page: Page, uid: string, fields: EntryFields, tr: Translator = translator('en')): Promise<void> {
  const name = (field: string) => fieldName(uid, field, tr);
  for (const [field, value] of Object.entries(fields.text ?? {})) {
    await page.getByRole('textbox', { name: name(field) }).or(page.getByRole('spinbutton', { name: name(field) })).fill(value);
  }
  for (const [field, value] of Object.entries(fields.select ?? {})) {
    await page.getByRole('combobox', { name: name(field) }).click();
    await page.getByRole('option', { name: value, exact: true }).click();
  }
  for (const [field, wanted] of Object.entries(fields.boolean ?? {})) {
    const box = page.getByRole('checkbox', { name: name(field) });
    if ((await box.isChecked()) !== wanted) await box.click();
  }
  for (const [field, label] of Object.entries(fields.relation ?? {})) {
    const box = page.getByRole('combobox', { name: name(field) });
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
  await fillEntry(page, uid, fields, tr);
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
