/**
 * The plugin's sections as the overview lists them. `path` is the route under
 * /plugins/whatsapp/ in pages/App.tsx: set it when the route exists; until then the section is
 * listed as plain text (never a link to a page that is not there).
 */
export interface Section {
  id: 'numbers' | 'templates' | 'inbox' | 'stats' | 'automations';
  title: string;
  description: string;
  path?: string;
}

export const SECTIONS: Section[] = [
  { id: 'numbers', title: 'Numbers and tenants', description: 'Sync phone numbers and assign one to each tenant.', path: 'numbers' },
  { id: 'templates', title: 'Templates', description: 'Author templates, submit them to Meta and follow their review.', path: 'templates' },
  { id: 'inbox', title: 'Inbox', description: 'Every conversation, with unread counts and replies.', path: 'inbox' },
  { id: 'stats', title: 'Delivery statistics', description: 'Sent, delivered, read and failed per tenant, number, template and rule.', path: 'stats' },
  { id: 'automations', title: 'Automations', description: 'Send a template when a record changes.', path: 'automations' },
];
