import { UID } from '../../../../../shared/uids';
import { l } from '../label';
import type { ContentManagerView } from '../types';

/**
 * Business numbers are synced from Meta: everything Meta says is read-only. People set the
 * throughput cap and the default number; the tenant is assigned on the WhatsApp numbers page.
 */
export const phoneNumberView: ContentManagerView = {
  uid: UID.phoneNumber,
  version: 1,
  displayName: { en: 'WhatsApp phone number', es: 'Número de WhatsApp', eu: 'WhatsApp zenbakia' },
  settings: { mainField: 'displayPhoneNumber', defaultSortBy: 'displayPhoneNumber', defaultSortOrder: 'ASC', pageSize: 20 },
  list: ['displayPhoneNumber', 'verifiedName', 'numberStatus', 'qualityRating', 'tenant', 'lastSyncedAt'],
  edit: [
    ['displayPhoneNumber', 'verifiedName'],
    ['tenant', 'account'],
    ['numberStatus', 'qualityRating'],
    ['throughputPerSecond', 'isDefault'],
  ],
  fields: {
    phoneNumberId: { label: l('Phone number id (Meta)', 'Id. del número (Meta)', 'Zenbakiaren IDa (Meta)'), readOnly: true },
    displayPhoneNumber: { label: l('Number', 'Número', 'Zenbakia'), readOnly: true },
    verifiedName: { label: l('Display name', 'Nombre visible', 'Izen ikusgaia'), readOnly: true },
    qualityRating: { label: l('Quality rating', 'Calificación de calidad', 'Kalitate-balorazioa'), readOnly: true },
    messagingLimitTier: { label: l('Messaging limit', 'Límite de mensajes', 'Mezu-muga'), readOnly: true },
    numberStatus: { label: l('Status', 'Estado', 'Egoera'), readOnly: true },
    nameStatus: { label: l('Name review', 'Revisión del nombre', 'Izenaren berrikuspena'), readOnly: true },
    codeVerificationStatus: { label: l('Code verification', 'Verificación por código', 'Kode bidezko egiaztapena'), readOnly: true },
    throughputLevel: { label: l('Throughput level', 'Nivel de rendimiento', 'Errendimendu-maila'), readOnly: true },
    throughputPerSecond: { label: l('Messages per second', 'Mensajes por segundo', 'Mezuak segundoko') },
    isDefault: { label: l('Default number', 'Número predeterminado', 'Zenbaki lehenetsia') },
    missingAtMeta: { label: l('No longer at Meta', 'Ya no está en Meta', 'Jada ez dago Metan'), readOnly: true },
    lastSyncedAt: { label: l('Last synced', 'Última sincronización', 'Azken sinkronizazioa'), readOnly: true },
    account: { label: l('Business account', 'Cuenta de empresa', 'Enpresa-kontua'), readOnly: true, mainField: 'name' },
    tenant: {
      label: l('Tenant', 'Organización', 'Erakundea'),
      readOnly: true,
      mainField: 'name',
      description: 'assign numbers to tenants on the WhatsApp numbers page, so that a number never ends up with two tenants',
    },
  },
};
