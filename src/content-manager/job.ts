import type { ContentManagerView, Label } from '../../plugins/whatsapp/server/src/core/content-manager/types';

const l = (en: string, es: string, eu: string): Label => ({ en, es, eu });

/** Service jobs: scheduling, assigning and completing one notify the customer. */
export const jobView: ContentManagerView = {
  uid: 'api::job.job',
  version: 1,
  displayName: { en: 'Job', es: 'Trabajo', eu: 'Lana' },
  settings: { mainField: 'title', defaultSortBy: 'scheduledAt', defaultSortOrder: 'DESC', pageSize: 20 },
  list: ['title', 'customer', 'stage', 'technician', 'scheduledAt', 'tenant'],
  edit: [['title', 'stage'], ['customer', 'tenant'], ['technician', 'scheduledAt']],
  fields: {
    title: { label: l('Title', 'Título', 'Izenburua') },
    technician: { label: l('Technician', 'Técnico', 'Teknikaria') },
    scheduledAt: { label: l('Scheduled for', 'Programado para', 'Noizko programatua') },
    stage: { label: l('Stage', 'Fase', 'Fasea') },
    customer: { label: l('Customer', 'Cliente', 'Bezeroa'), mainField: 'name' },
    tenant: { label: l('Tenant', 'Organización', 'Erakundea'), mainField: 'name' },
  },
};
