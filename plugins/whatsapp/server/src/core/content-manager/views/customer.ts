import { UID } from '../../../../../shared/uids';
import { l } from '../label';
import type { ContentManagerView } from '../types';

/**
 * Customers: people edit name, phone, e-mail, language, consent and notes. What WhatsApp tells
 * us (wa_id, user id, username, profile name, last message time) and the consent times are read-only; the identity
 * key (tenant|phone, the inbound match) is hidden, and kept by the customer-identity middleware.
 */
export const customerView: ContentManagerView = {
  uid: UID.customer,
  version: 3,
  displayName: { en: 'Customer', es: 'Cliente', eu: 'Bezeroa' },
  settings: { mainField: 'name', defaultSortBy: 'name', defaultSortOrder: 'ASC', pageSize: 20 },
  list: ['name', 'phone', 'tenant', 'optedIn', 'marketingOptOut', 'lastInboundAt'],
  edit: [
    ['name', 'tenant'],
    ['phone', 'email'],
    ['language', 'profileName'],
    ['optedIn', 'marketingOptOut', 'optedOut'],
    ['optedInAt', 'marketingOptOutAt'],
    ['optInSource'],
    ['optedOutAt', 'lastInboundAt'],
    ['blockedAt', 'blockedByName'],
    ['notes'],
    ['waId', 'userId'],
    ['username', 'parentUserId'],
    ['messages'],
  ],
  fields: {
    name: { label: l('Name', 'Nombre', 'Izena') },
    phone: { label: l('Phone', 'Teléfono', 'Telefonoa'), description: 'International format with the country code, e.g. +34 600 123 456' },
    waId: { label: l('WhatsApp id (wa_id)', 'Id. de WhatsApp (wa_id)', 'WhatsApp IDa (wa_id)'), readOnly: true },
    userId: { label: l('WhatsApp user id (BSUID)', 'Id. de usuario de WhatsApp (BSUID)', 'WhatsApp erabiltzaile IDa (BSUID)'), readOnly: true },
    username: { label: l('WhatsApp username', 'Nombre de usuario de WhatsApp', 'WhatsApp erabiltzaile-izena'), readOnly: true },
    parentUserId: {
      label: l('WhatsApp parent user id (parent BSUID)', 'Id. de usuario principal de WhatsApp (BSUID principal)', 'WhatsApp erabiltzaile nagusiaren IDa (BSUID nagusia)'),
      readOnly: true,
    },
    identityKey: { label: l('Identity key', 'Clave de identidad', 'Identitate-gakoa'), hidden: true },
    email: { label: l('E-mail', 'Correo electrónico', 'Helbide elektronikoa') },
    language: { label: l('Language', 'Idioma', 'Hizkuntza'), description: 'Template language code, e.g. es or en_US' },
    profileName: { label: l('WhatsApp profile name', 'Nombre del perfil de WhatsApp', 'WhatsApp profilaren izena'), readOnly: true },
    optedIn: { label: l('Opted in', 'Ha dado su consentimiento', 'Baimena eman du') },
    optedInAt: { label: l('Opted in at', 'Consentimiento el', 'Baimenaren data'), readOnly: true },
    optInSource: {
      label: l('Opt-in given through', 'Consentimiento dado por', 'Baimena nondik'),
      readOnly: true,
      description: 'admin: ticked here; inbound-keyword: the customer wrote an opt-in keyword; api: set by code or an import',
    },
    marketingOptOut: { label: l('No marketing', 'Sin marketing', 'Marketinik ez') },
    marketingOptOutAt: { label: l('No marketing since', 'Sin marketing desde', 'Marketinik ez noiztik'), readOnly: true },
    optedOut: { label: l('Opted out', 'Se ha dado de baja', 'Baja eman du') },
    optedOutAt: { label: l('Opted out at', 'Baja el', 'Bajaren data'), readOnly: true },
    lastInboundAt: { label: l('Last message from them', 'Último mensaje recibido', 'Jasotako azken mezua'), readOnly: true },
    blockedAt: {
      label: l('Blocked on WhatsApp since', 'Bloqueado en WhatsApp desde', 'WhatsAppen blokeatuta noiztik'),
      description: 'Block and unblock from the customer comms tab (Meta keeps the block list).',
      readOnly: true,
    },
    blockedByName: { label: l('Blocked by', 'Bloqueado por', 'Nork blokeatua'), readOnly: true },
    blockedById: { label: l('Blocked by (user id)', 'Bloqueado por (id. de usuario)', 'Nork blokeatua (erabiltzaile IDa)'), hidden: true },
    blockedNumbers: { label: l('Blocked on numbers', 'Bloqueado en los números', 'Zenbakietan blokeatua'), hidden: true },
    notes: { label: l('Notes', 'Notas', 'Oharrak') },
    tenant: { label: l('Tenant', 'Organización', 'Erakundea'), mainField: 'name' },
    messages: { label: l('Messages', 'Mensajes', 'Mezuak'), readOnly: true, mainField: 'body' },
  },
};
