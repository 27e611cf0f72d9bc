import type { ActionId } from '../../../shared/permissions';

/**
 * Route config for an admin route guarded by the plugin's RBAC actions (ids from
 * shared/permissions.ts): an admin JWT plus the permission. Shared by every admin route file.
 */
export const allow = (...actions: ActionId[]) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions } }],
});
