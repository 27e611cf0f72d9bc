import { ACTIONS } from '../../../../shared/permissions';
import { allow } from '../../routes/allow';

/** Business accounts and settings (docs/numbers.md). */
export default [
  { method: 'GET', path: '/accounts', handler: 'accounts.list', config: allow(ACTIONS.accountsManage) },
  { method: 'POST', path: '/accounts', handler: 'accounts.create', config: allow(ACTIONS.accountsManage) },
  { method: 'PUT', path: '/accounts/:id', handler: 'accounts.update', config: allow(ACTIONS.accountsManage) },
  { method: 'DELETE', path: '/accounts/:id', handler: 'accounts.remove', config: allow(ACTIONS.accountsManage) },
  { method: 'POST', path: '/accounts/:id/test', handler: 'accounts.test', config: allow(ACTIONS.accountsManage) },
  { method: 'GET', path: '/settings', handler: 'settings.get', config: allow(ACTIONS.settingsRead) },
  {
    method: 'GET',
    path: '/settings/verify-token',
    handler: 'settings.revealVerifyToken',
    config: allow(ACTIONS.settingsUpdate),
  },
];
