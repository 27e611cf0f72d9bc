/**
 * The plugin id and its content-type uids: one place for the server, the admin, the tests, the
 * e2e specs and the demo seed, so a typo is a compile error rather than a 404.
 */
export const PLUGIN_ID = 'whatsapp';

export const UID = {
  businessAccount: 'plugin::whatsapp.business-account',
  phoneNumber: 'plugin::whatsapp.phone-number',
  tenant: 'plugin::whatsapp.tenant',
  customer: 'plugin::whatsapp.customer',
  message: 'plugin::whatsapp.message',
  template: 'plugin::whatsapp.template',
  automation: 'plugin::whatsapp.automation',
  webhookEvent: 'plugin::whatsapp.webhook-event',
  conversationRead: 'plugin::whatsapp.conversation-read',
  pendingStatus: 'plugin::whatsapp.pending-status',
  sandboxState: 'plugin::whatsapp.sandbox-state',
  liveEvent: 'plugin::whatsapp.live-event',
  pairSchedule: 'plugin::whatsapp.pair-schedule',
  conversationState: 'plugin::whatsapp.conversation-state',
  conversationSummary: 'plugin::whatsapp.conversation-summary',
  conversationNote: 'plugin::whatsapp.conversation-note',
  quickReply: 'plugin::whatsapp.quick-reply',
  auditEntry: 'plugin::whatsapp.audit-entry',
} as const;

export type WhatsAppUid = (typeof UID)[keyof typeof UID];
