/** Content-type uids (DESIGN.md): one place, so a typo is a compile error rather than a 404. */
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
} as const;

export type WhatsAppUid = (typeof UID)[keyof typeof UID];
