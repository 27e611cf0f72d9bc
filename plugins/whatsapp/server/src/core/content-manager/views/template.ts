import { UID } from '../../../../../shared/uids';
import { l } from '../label';
import type { ContentManagerView } from '../types';

const FORM = "Templates are written and changed in the WhatsApp plugin's template form (WhatsApp → Templates), which checks them against Meta's rules and submits them; the Content Manager only shows them";

/**
 * Templates are shown here, not written: the template form (admin pages/Templates, docs/templates.md)
 * lints a draft against Meta's rules, uploads media samples and sends edits of an approved
 * template to Meta within its edit limits; a Content Manager write would skip all of that and
 * leave the record out of step with Meta. So every field is read-only and a create or duplicate
 * is refused with a pointer to the form. The fields Meta decides stay `visible: false` in the schema.
 */
export const templateView: ContentManagerView = {
  uid: UID.template,
  version: 2,
  displayName: { en: 'WhatsApp template', es: 'Plantilla de WhatsApp', eu: 'WhatsApp txantiloia' },
  createdByPlugin: true,
  writtenIn: FORM,
  settings: { mainField: 'name', defaultSortBy: 'name', defaultSortOrder: 'ASC', pageSize: 20 },
  // The review status is `visible: false` in the schema (Meta decides it), so Strapi cannot list
  // it; the plugin's Templates page shows it.
  list: ['name', 'language', 'category', 'parameterFormat', 'account', 'updatedAt'],
  edit: [
    ['name', 'language'],
    ['category', 'parameterFormat'],
    ['account'],
    ['headerFormat', 'headerText'],
    ['headerExample'],
    ['body'],
    ['bodyExamples'],
    ['footer'],
    ['buttons'],
  ],
  fields: {
    name: { label: l('Name', 'Nombre', 'Izena'), description: 'Edit this template in WhatsApp → Templates.' },
    language: { label: l('Language', 'Idioma', 'Hizkuntza') },
    category: { label: l('Category', 'Categoría', 'Kategoria') },
    parameterFormat: { label: l('Variables', 'Variables', 'Aldagaiak') },
    account: { label: l('Business account', 'Cuenta de empresa', 'Enpresa-kontua'), mainField: 'name' },
    headerFormat: { label: l('Header', 'Cabecera', 'Goiburua') },
    headerText: { label: l('Header text', 'Texto de la cabecera', 'Goiburuaren testua') },
    headerExample: { label: l('Header example', 'Ejemplo de la cabecera', 'Goiburuaren adibidea') },
    body: { label: l('Body', 'Cuerpo', 'Gorputza') },
    bodyExamples: { label: l('Variable examples', 'Ejemplos de las variables', 'Aldagaien adibideak') },
    footer: { label: l('Footer', 'Pie', 'Oina') },
    buttons: { label: l('Buttons', 'Botones', 'Botoiak') },
    updatedAt: { label: l('Updated', 'Actualizada', 'Eguneratua') },
  },
};
