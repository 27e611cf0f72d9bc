import { UID } from '../../../../../shared/uids';
import { l } from '../label';
import type { ContentManagerView } from '../types';

/**
 * Templates: only the list is curated here. The edit view belongs to the template authoring form
 * (the side panel and submit action in the admin, docs/templates.md), and the fields Meta decides
 * are `visible: false` in the schema and kept out of content-manager writes by
 * templates/document-middlewares/template-managed-fields.ts.
 */
export const templateView: ContentManagerView = {
  uid: UID.template,
  version: 1,
  displayName: { en: 'WhatsApp template', es: 'Plantilla de WhatsApp', eu: 'WhatsApp txantiloia' },
  editView: false,
  settings: { mainField: 'name', defaultSortBy: 'name', defaultSortOrder: 'ASC', pageSize: 20 },
  // The review status is `visible: false` in the schema (Meta decides it), so Strapi cannot list
  // it; the plugin's Templates page shows it.
  list: ['name', 'language', 'category', 'parameterFormat', 'account', 'updatedAt'],
  edit: [],
  fields: {
    name: { label: l('Name', 'Nombre', 'Izena') },
    language: { label: l('Language', 'Idioma', 'Hizkuntza') },
    category: { label: l('Category', 'Categoría', 'Kategoria') },
    parameterFormat: { label: l('Variables', 'Variables', 'Aldagaiak') },
    account: { label: l('Business account', 'Cuenta de empresa', 'Enpresa-kontua') },
    updatedAt: { label: l('Updated', 'Actualizada', 'Eguneratua') },
  },
};
