import { UID } from '../../../../../shared/uids';
import { l } from '../label';
import type { ContentManagerView } from '../types';

/**
 * Business accounts: name and secrets are people's (the secrets are write-only: the form shows
 * them empty and an empty value keeps the stored one, see numbers/document-middlewares). What the
 * plugin learns by connecting (status, last error, sync time, the secrets' last 4 characters) is
 * read-only; which account is the master one comes from the configuration.
 */
export const businessAccountView: ContentManagerView = {
  uid: UID.businessAccount,
  version: 1,
  displayName: { en: 'WhatsApp business account', es: 'Cuenta de empresa de WhatsApp', eu: 'WhatsApp enpresa-kontua' },
  settings: { mainField: 'name', defaultSortBy: 'name', defaultSortOrder: 'ASC' },
  list: ['name', 'wabaId', 'kind', 'isMaster', 'connectionStatus', 'lastSyncedAt'],
  edit: [
    ['name', 'wabaId'],
    ['kind', 'isMaster'],
    ['accessToken', 'accessTokenLast4'],
    ['appSecret', 'appSecretLast4'],
    ['apiVersion', 'connectionStatus'],
    ['lastError', 'lastSyncedAt'],
  ],
  fields: {
    name: { label: l('Name', 'Nombre', 'Izena') },
    wabaId: { label: l('WhatsApp Business Account id', 'Id. de la cuenta de WhatsApp Business', 'WhatsApp Business kontuaren IDa') },
    kind: { label: l('Kind', 'Clase', 'Mota') },
    isMaster: { label: l('Master account', 'Cuenta principal', 'Kontu nagusia'), readOnly: true },
    accessToken: { label: l('Access token', 'Token de acceso', 'Sarbide-tokena'), description: 'Write-only: leave empty to keep the stored token' },
    accessTokenLast4: { label: l('Access token (last 4)', 'Token de acceso (últimos 4)', 'Sarbide-tokena (azken 4ak)'), readOnly: true },
    appSecret: { label: l('App secret', 'Secreto de la app', 'Aplikazioaren sekretua'), description: 'Write-only: leave empty to keep the stored secret' },
    appSecretLast4: { label: l('App secret (last 4)', 'Secreto de la app (últimos 4)', 'Aplikazioaren sekretua (azken 4ak)'), readOnly: true },
    apiVersion: { label: l('Graph API version', 'Versión de la Graph API', 'Graph APIaren bertsioa') },
    connectionStatus: { label: l('Connection', 'Conexión', 'Konexioa'), readOnly: true },
    lastError: { label: l('Last error', 'Último error', 'Azken errorea'), readOnly: true },
    lastSyncedAt: { label: l('Last synced', 'Última sincronización', 'Azken sinkronizazioa'), readOnly: true },
    phoneNumbers: { label: l('Phone numbers', 'Números', 'Zenbakiak'), readOnly: true, mainField: 'displayPhoneNumber' },
    templates: { label: l('Templates', 'Plantillas', 'Txantiloiak'), readOnly: true, mainField: 'name' },
  },
};
