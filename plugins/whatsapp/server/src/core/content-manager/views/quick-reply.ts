import { UID } from '../../../../../shared/uids';
import { l } from '../label';
import type { ContentManagerView } from '../types';

/**
 * Quick replies are written here by people (there is no other editor): every field is theirs. The
 * hint under the body says which customer variables the composer fills in.
 */
export const quickReplyView: ContentManagerView = {
  uid: UID.quickReply,
  version: 1,
  displayName: { en: 'WhatsApp quick reply', es: 'Respuesta rápida de WhatsApp', eu: 'WhatsApp erantzun azkarra' },
  settings: { mainField: 'title', defaultSortBy: 'shortcut', defaultSortOrder: 'ASC', pageSize: 20 },
  list: ['shortcut', 'title', 'tenant', 'updatedAt'],
  edit: [['shortcut', 'title'], ['body'], ['tenant']],
  fields: {
    shortcut: { label: l('Shortcut', 'Atajo', 'Lasterbidea'), description: 'typed after / in the composer, e.g. hours' },
    title: { label: l('Title', 'Título', 'Izenburua') },
    body: { label: l('Text', 'Texto', 'Testua'), description: '{{name}}, {{first_name}}, {{phone}} and {{email}} are filled in from the customer' },
    tenant: { label: l('Tenant', 'Organización', 'Erakundea'), mainField: 'name', description: 'empty: offered to every tenant' },
    updatedAt: { label: l('Updated', 'Actualizada', 'Eguneratua') },
  },
};
