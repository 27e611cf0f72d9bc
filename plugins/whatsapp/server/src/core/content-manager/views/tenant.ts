import { UID } from '../../../../../shared/uids';
import { l } from '../label';
import type { ContentManagerView } from '../types';

/**
 * Tenants: name, slug, WhatsApp on/off and language are people's. The number is assigned on the
 * WhatsApp numbers page (the tenant-number guard refuses it here), and its mirror column is the
 * plugin's. Members are managed there too (by people who may assign numbers, and audited), so
 * they are read-only here. The round-robin cursor is `visible: false` in the schema.
 */
export const tenantView: ContentManagerView = {
  uid: UID.tenant,
  version: 2,
  displayName: { en: 'WhatsApp tenant', es: 'Organización de WhatsApp', eu: 'WhatsApp erakundea' },
  settings: { mainField: 'name', defaultSortBy: 'name', defaultSortOrder: 'ASC', pageSize: 20 },
  list: ['name', 'slug', 'whatsappEnabled', 'phoneNumber', 'defaultLanguage'],
  edit: [['name', 'slug'], ['whatsappEnabled', 'defaultLanguage'], ['phoneNumber', 'autoAssign'], ['members'], ['customers']],
  fields: {
    name: { label: l('Name', 'Nombre', 'Izena') },
    slug: { label: l('Slug', 'Identificador (slug)', 'Identifikatzailea (slug)') },
    whatsappEnabled: { label: l('WhatsApp enabled', 'WhatsApp activado', 'WhatsApp gaituta') },
    defaultLanguage: { label: l('Default language', 'Idioma predeterminado', 'Hizkuntza lehenetsia') },
    phoneNumber: {
      label: l('Business number', 'Número de empresa', 'Enpresa-zenbakia'),
      readOnly: true,
      mainField: 'displayPhoneNumber',
      description: 'assign numbers to tenants on the WhatsApp numbers page, so that a number never ends up with two tenants',
    },
    assignedPhoneNumberId: { label: l('Assigned number id', 'Id. del número asignado', 'Esleitutako zenbakiaren IDa'), hidden: true },
    members: {
      label: l('Members', 'Miembros', 'Kideak'),
      readOnly: true,
      mainField: 'email',
      description: 'the admin users who work this tenant; managed on the WhatsApp numbers page',
    },
    autoAssign: { label: l('Assign new conversations in turn', 'Asignar conversaciones nuevas por turnos', 'Elkarrizketa berriak txandaka esleitu') },
    customers: { label: l('Customers', 'Clientes', 'Bezeroak'), mainField: 'name' },
  },
};
