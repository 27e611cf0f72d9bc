import { UID } from '../../../../../shared/uids';
import { l } from '../label';
import type { ContentManagerView } from '../types';

/**
 * Automation rules are edited on the plugin's Automations page (which checks paths, template and
 * variables); here the rule fields stay editable for admins who know them, and the run log the
 * engine writes (last run, counters, recent runs) is read-only.
 */
export const automationView: ContentManagerView = {
  uid: UID.automation,
  version: 1,
  displayName: { en: 'WhatsApp automation', es: 'Automatización de WhatsApp', eu: 'WhatsApp automatizazioa' },
  settings: { mainField: 'name', defaultSortBy: 'name', defaultSortOrder: 'ASC' },
  list: ['name', 'enabled', 'contentType', 'event', 'templateName', 'lastRunAt', 'sentCount', 'failedCount'],
  edit: [
    ['name', 'enabled'],
    ['contentType', 'event'],
    ['condition'],
    ['recipientPath', 'tenantPath'],
    ['templateName', 'language'],
    ['template', 'tenant'],
    ['parameterMapping'],
    ['lastRunAt', 'sentCount', 'failedCount'],
    ['lastError'],
    ['recentRuns'],
  ],
  fields: {
    name: { label: l('Name', 'Nombre', 'Izena') },
    enabled: { label: l('Enabled', 'Activada', 'Gaituta') },
    contentType: { label: l('Content type', 'Tipo de contenido', 'Eduki mota') },
    event: { label: l('When', 'Cuándo', 'Noiz') },
    condition: { label: l('Condition', 'Condición', 'Baldintza') },
    recipientPath: { label: l('Recipient field', 'Campo del destinatario', 'Hartzailearen eremua') },
    tenantPath: { label: l('Tenant field', 'Campo de la organización', 'Erakundearen eremua') },
    templateName: { label: l('Template name', 'Nombre de la plantilla', 'Txantiloiaren izena') },
    language: { label: l('Template language', 'Idioma de la plantilla', 'Txantiloiaren hizkuntza') },
    parameterMapping: { label: l('Template variables', 'Variables de la plantilla', 'Txantiloiaren aldagaiak') },
    lastRunAt: { label: l('Last run', 'Última ejecución', 'Azken exekuzioa'), readOnly: true },
    lastError: { label: l('Last error', 'Último error', 'Azken errorea'), readOnly: true },
    sentCount: { label: l('Sent', 'Enviados', 'Bidaliak'), readOnly: true },
    failedCount: { label: l('Failed', 'Fallidos', 'Huts egindakoak'), readOnly: true },
    recentRuns: { label: l('Recent runs', 'Ejecuciones recientes', 'Azken exekuzioak'), readOnly: true },
    template: { label: l('Template', 'Plantilla', 'Txantiloia'), mainField: 'name' },
    tenant: { label: l('Tenant', 'Organización', 'Erakundea'), mainField: 'name' },
  },
};
