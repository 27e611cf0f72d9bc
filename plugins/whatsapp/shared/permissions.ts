/**
 * The one source of the plugin's admin RBAC action ids, imported by the server (registration,
 * route policies) and by the admin (menu links, useRBAC). Ids follow `plugin::whatsapp.<resource>-<verb>`.
 */
export { PLUGIN_ID } from './uids';

export const ACTIONS = {
  messagesRead: 'plugin::whatsapp.messages-read',
  messagesSend: 'plugin::whatsapp.messages-send',
  numbersRead: 'plugin::whatsapp.numbers-read',
  numbersAssign: 'plugin::whatsapp.numbers-assign',
  numbersSync: 'plugin::whatsapp.numbers-sync',
  accountsManage: 'plugin::whatsapp.accounts-manage',
  templatesRead: 'plugin::whatsapp.templates-read',
  templatesManage: 'plugin::whatsapp.templates-manage',
  automationsManage: 'plugin::whatsapp.automations-manage',
  settingsRead: 'plugin::whatsapp.settings-read',
  settingsUpdate: 'plugin::whatsapp.settings-update',
  webhooksRead: 'plugin::whatsapp.webhooks-read',
  webhooksRetry: 'plugin::whatsapp.webhooks-retry',
  sandboxSimulate: 'plugin::whatsapp.sandbox-simulate',
} as const;

export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];

/** Registration data for Strapi's action provider (section "plugins"). */
export const ACTION_DEFINITIONS: { uid: string; displayName: string; subCategory: string }[] = [
  { uid: 'messages-read', displayName: 'Read conversations and timelines', subCategory: 'Messages' },
  { uid: 'messages-send', displayName: 'Send messages', subCategory: 'Messages' },
  { uid: 'numbers-read', displayName: 'Read phone numbers and tenants', subCategory: 'Numbers' },
  { uid: 'numbers-assign', displayName: 'Assign numbers to tenants', subCategory: 'Numbers' },
  { uid: 'numbers-sync', displayName: 'Sync numbers from Meta', subCategory: 'Numbers' },
  { uid: 'accounts-manage', displayName: 'Manage business accounts', subCategory: 'Accounts' },
  { uid: 'templates-read', displayName: 'Read templates', subCategory: 'Templates' },
  { uid: 'templates-manage', displayName: 'Submit, sync and delete templates', subCategory: 'Templates' },
  { uid: 'automations-manage', displayName: 'Manage automations', subCategory: 'Automations' },
  { uid: 'settings-read', displayName: 'Read settings', subCategory: 'Settings' },
  { uid: 'settings-update', displayName: 'Update settings', subCategory: 'Settings' },
  { uid: 'webhooks-read', displayName: 'Read the webhook event log', subCategory: 'Webhooks' },
  { uid: 'webhooks-retry', displayName: 'Retry failed webhook events', subCategory: 'Webhooks' },
  { uid: 'sandbox-simulate', displayName: 'Simulate inbound messages (offline mode)', subCategory: 'Webhooks' },
];
