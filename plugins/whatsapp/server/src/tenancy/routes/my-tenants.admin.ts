import { ACTIONS } from '../../../../shared/permissions';
import { allow } from '../../routes/allow';

/** "My WhatsApp" (docs/tenancy.md): the tenants the user is a member of. */
export default [
  { method: 'GET', path: '/my-tenants', handler: 'my-tenants.list', config: allow(ACTIONS.messagesRead) },
  { method: 'PUT', path: '/my-tenants/:id/settings', handler: 'my-tenants.updateSettings', config: allow(ACTIONS.ownTenantManage) },
];
