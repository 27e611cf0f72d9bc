import { UID } from '../../../../../shared/uids';
import { l } from '../label';
import type { ContentManagerView } from '../types';

/**
 * The webhook log: every POST from Meta as it was received, and what processing made of it. Only
 * the plugin writes it (a record created here would be processed as if Meta had sent it), so it
 * is read-only and cannot be created in the Content Manager.
 */
export const webhookEventView: ContentManagerView = {
  uid: UID.webhookEvent,
  version: 2,
  displayName: { en: 'WhatsApp webhook event', es: 'Evento de webhook de WhatsApp', eu: 'WhatsApp webhook gertaera' },
  createdByPlugin: true,
  settings: { mainField: 'fields', defaultSortBy: 'receivedAt', defaultSortOrder: 'DESC', pageSize: 20 },
  list: ['receivedAt', 'processingStatus', 'fields', 'tenant', 'signatureValid', 'attempts', 'processedAt'],
  edit: [
    ['receivedAt', 'processingStatus'],
    ['fields', 'tenant'],
    ['wabaId', 'phoneNumberIds'],
    ['signatureValid', 'attempts'],
    ['processedAt', 'nextAttemptAt'],
    ['error'],
    ['payloadNotes'],
    ['outcome'],
    ['pendingStatuses'],
    ['rawBody'],
  ],
  fields: {
    rawBody: { label: l('Body as received', 'Cuerpo recibido', 'Jasotako gorputza'), readOnly: true },
    bodySha256: { label: l('Body SHA-256', 'SHA-256 del cuerpo', 'Gorputzaren SHA-256'), hidden: true },
    signatureValid: { label: l('Signature valid', 'Firma válida', 'Sinadura baliozkoa'), readOnly: true },
    fields: { label: l('Webhook fields', 'Campos del webhook', 'Webhook eremuak'), readOnly: true },
    wabaId: { label: l('Business account id (Meta)', 'Id. de la cuenta (Meta)', 'Kontuaren IDa (Meta)'), readOnly: true },
    phoneNumberIds: { label: l('Phone number ids (Meta)', 'Id. de los números (Meta)', 'Zenbakien IDak (Meta)'), readOnly: true },
    processingStatus: { label: l('Processing status', 'Estado del procesamiento', 'Prozesatze-egoera'), readOnly: true },
    receivedAt: { label: l('Received at', 'Recibido el', 'Jasoa'), readOnly: true },
    processedAt: { label: l('Processed at', 'Procesado el', 'Prozesatua'), readOnly: true },
    attempts: { label: l('Attempts', 'Intentos', 'Saiakerak'), readOnly: true },
    nextAttemptAt: { label: l('Next attempt', 'Próximo intento', 'Hurrengo saiakera'), readOnly: true },
    error: { label: l('Error', 'Error', 'Errorea'), readOnly: true },
    pendingStatuses: { label: l('Parked statuses', 'Estados aparcados', 'Aparkatutako egoerak'), readOnly: true },
    payloadNotes: {
      label: l('Skipped parts of the payload', 'Partes del contenido omitidas', 'Edukiaren alde baztertuak'),
      description: 'Parts of the body that did not have the shape Meta documents: noted here and skipped; the rest was applied.',
      readOnly: true,
    },
    outcome: { label: l('Outcome', 'Resultado', 'Emaitza'), readOnly: true },
    tenant: { label: l('Tenant', 'Organización', 'Erakundea'), readOnly: true, mainField: 'name' },
  },
};
