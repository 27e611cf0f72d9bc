import type { ActionId } from '../../../../shared/permissions';

/** Route config for an admin route: a logged-in admin whose role has `action` (RBAC). */
export const requires = (action: ActionId) => ({
  policies: ['admin::isAuthenticatedAdmin', { name: 'admin::hasPermissions', config: { actions: [action] } }],
});
