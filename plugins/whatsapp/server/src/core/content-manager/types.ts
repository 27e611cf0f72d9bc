/**
 * A curated Content Manager view of one content type: what Strapi's "Configure the view" would
 * store (labels, list columns, edit rows, read-only fields, sort), written once per `version` by
 * `apply.ts`. Plain data with no server imports: the admin reads the same files for the Spanish
 * and Basque labels (`translations.ts`).
 */

/** A text in the admin's languages. English goes into the stored view; es/eu are translations. */
export interface Label {
  en: string;
  es: string;
  eu: string;
}

export interface FieldView {
  label: Label;
  /** The hint under the input (English only: Strapi stores one string and translates none). */
  description?: string;
  /**
   * Set by the plugin (or by Meta): shown, not editable (`editable: false`), and a Content Manager
   * request that changes it is refused (core/content-manager/guard.ts).
   */
  readOnly?: boolean;
  /** Internal: left out of the edit view (`visible: false`) and guarded like `readOnly`. */
  hidden?: boolean;
  /** For a relation: the target's field shown for it (e.g. a customer's `name`). */
  mainField?: string;
}

export interface ViewSettings {
  mainField?: string;
  defaultSortBy?: string;
  defaultSortOrder?: 'ASC' | 'DESC';
  pageSize?: number;
}

export interface ContentManagerView {
  uid: string;
  /**
   * Bump it when the view changes: a stored view is rewritten only when its version differs, and
   * then only where the user has not changed it (apply.ts).
   */
  version: number;
  /** The type's name in the menu and list title, in es/eu (the English one is the schema's `displayName`). */
  displayName?: { en: string; es: string; eu: string };
  settings?: ViewSettings;
  /** The list columns, in order. */
  list: string[];
  /** Edit view rows of field names; sizes are Strapi's defaults per type, a row wraps after 12 columns. Fields not named here (and not hidden) follow at the end. */
  edit: string[][];
  fields: Record<string, FieldView>;
  /**
   * Records only the plugin writes (the comms log, webhook events, templates): every field is
   * read-only, and creating or duplicating one in the Content Manager is refused (an outbound
   * message created there would be sent by the outbox without any of the send checks; a template
   * would skip the form's checks against Meta's rules).
   */
  createdByPlugin?: boolean;
  /**
   * With `createdByPlugin`: why a create, duplicate or change is refused, and where to make it
   * instead (the templates' form).
   */
  writtenIn?: string;
}
