import { PLUGIN_ID, UID } from './uids';

/**
 * The RBAC condition that scopes a role to the tenants its users are members of: registered with
 * Strapi's condition provider by the server, put on actions in Settings → Roles, and read by the
 * plugin's routes to filter what they answer. One id for the server and the docs.
 */
export const TENANT_CONDITION = {
  name: 'in-my-tenants',
  /** The id Strapi stores on a permission: `plugin::<plugin>.<name>`. */
  id: `plugin::${PLUGIN_ID}.in-my-tenants`,
  displayName: 'Belongs to one of my tenants',
  category: 'WhatsApp tenants',
} as const;

/** Where a record's tenant is, for the content types the condition filters in the Content Manager. */
export const TENANT_PATH_BY_SUBJECT: Record<string, string> = {
  [UID.tenant]: 'members.id',
};

/** The default path: a `tenant` relation to the plugin's tenant (customers, messages, the app's own types). */
export const DEFAULT_TENANT_PATH = 'tenant.members.id';
