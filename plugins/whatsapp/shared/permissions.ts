/**
 * The one source of the plugin's admin RBAC action ids, imported by the server (registration,
 * route policies) and by the admin (menu links, useRBAC). Ids follow `plugin::whatsapp.<resource>-<verb>`.
 *
 * Each action is written once, in ACTION_TABLE: ACTIONS (the full ids) and ACTION_DEFINITIONS
 * (what Strapi's action provider registers) are both built from it.
 */
import { PLUGIN_ID } from './uids';

export { PLUGIN_ID };

const ACTION_TABLE = [
  { key: 'messagesRead', uid: 'messages-read', displayName: 'Read conversations and timelines', subCategory: 'Messages' },
  { key: 'messagesSend', uid: 'messages-send', displayName: 'Send messages', subCategory: 'Messages' },
  { key: 'conversationsManage', uid: 'conversations-manage', displayName: 'Change conversation state and assignment', subCategory: 'Conversations' },
  { key: 'conversationNotesWrite', uid: 'conversation-notes-write', displayName: 'Write internal notes on conversations', subCategory: 'Conversations' },
  { key: 'numbersRead', uid: 'numbers-read', displayName: 'Read phone numbers and tenants', subCategory: 'Numbers' },
  { key: 'numbersAssign', uid: 'numbers-assign', displayName: 'Assign numbers to tenants', subCategory: 'Numbers' },
  { key: 'ownTenantManage', uid: 'own-tenant-manage', displayName: "Switch my tenant's WhatsApp on or off and choose its language", subCategory: 'Numbers' },
  { key: 'numbersSync', uid: 'numbers-sync', displayName: 'Sync numbers from Meta', subCategory: 'Numbers' },
  { key: 'accountsManage', uid: 'accounts-manage', displayName: 'Manage business accounts', subCategory: 'Accounts' },
  { key: 'templatesRead', uid: 'templates-read', displayName: 'Read templates', subCategory: 'Templates' },
  { key: 'templatesManage', uid: 'templates-manage', displayName: 'Submit, sync and delete templates', subCategory: 'Templates' },
  { key: 'automationsManage', uid: 'automations-manage', displayName: 'Manage automations', subCategory: 'Automations' },
  { key: 'settingsRead', uid: 'settings-read', displayName: 'Read settings', subCategory: 'Settings' },
  { key: 'settingsUpdate', uid: 'settings-update', displayName: 'Update settings', subCategory: 'Settings' },
  { key: 'auditRead', uid: 'audit-read', displayName: 'Read the audit log', subCategory: 'Settings' },
  { key: 'customersExport', uid: 'customers-export', displayName: "Export a customer's data", subCategory: 'Customers' },
  { key: 'customersErase', uid: 'customers-erase', displayName: 'Erase a customer and their messages', subCategory: 'Customers' },
  { key: 'customersBlock', uid: 'customers-block', displayName: 'Block and unblock customers on WhatsApp', subCategory: 'Customers' },
  { key: 'webhooksRead', uid: 'webhooks-read', displayName: 'Read the webhook event log', subCategory: 'Webhooks' },
  { key: 'webhooksRetry', uid: 'webhooks-retry', displayName: 'Retry failed webhook events', subCategory: 'Webhooks' },
  { key: 'sandboxSimulate', uid: 'sandbox-simulate', displayName: 'Simulate inbound messages (offline mode)', subCategory: 'Webhooks' },
] as const;

type ActionRow = (typeof ACTION_TABLE)[number];

/** `ACTIONS.messagesRead` → `'plugin::whatsapp.messages-read'`, each a literal type. */
export const ACTIONS = Object.fromEntries(ACTION_TABLE.map((row) => [row.key, `plugin::${PLUGIN_ID}.${row.uid}`])) as { readonly [Row in ActionRow as Row['key']]: `plugin::${typeof PLUGIN_ID}.${Row['uid']}` };

export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];

/** Registration data for Strapi's action provider (section "plugins"). */
export const ACTION_DEFINITIONS: { uid: string; displayName: string; subCategory: string }[] = ACTION_TABLE.map(
  ({ uid, displayName, subCategory }) => ({ uid, displayName, subCategory })
);
