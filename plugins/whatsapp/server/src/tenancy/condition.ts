import type { Core } from '@strapi/strapi';
import { DEFAULT_TENANT_PATH, TENANT_CONDITION, TENANT_PATH_BY_SUBJECT } from '../../../shared/tenancy';

/**
 * Registers "Belongs to one of my tenants" with Strapi's condition provider (docs/tenancy.md).
 * In the Content Manager Strapi applies it itself: the handler answers a filter on the record's
 * tenant (its `tenant` relation, or a tenant's own members), so lists, counts and edit views of
 * customers, messages and any app type with a `tenant` relation show only the user's tenants.
 * On the plugin's own actions (no subject) Strapi only checks that the permission exists; the
 * plugin's routes read the condition and filter (tenancy/scope.ts).
 */
export async function registerTenantCondition(strapi: Core.Strapi): Promise<void> {
  await strapi.service('admin::permission').conditionProvider.register({
    name: TENANT_CONDITION.name,
    plugin: 'whatsapp',
    displayName: TENANT_CONDITION.displayName,
    category: TENANT_CONDITION.category,
    // Strapi passes the user merged with the permission being evaluated.
    handler: (user: { id: number; permission?: { subject?: string | null } }) => {
      const subject = user.permission?.subject ?? '';
      return { [TENANT_PATH_BY_SUBJECT[subject] ?? DEFAULT_TENANT_PATH]: user.id };
    },
  });
}
