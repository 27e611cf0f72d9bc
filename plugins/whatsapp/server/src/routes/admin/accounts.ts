import { ACTIONS } from '../../../../shared/permissions';
import { requires } from './guard';

/** Business accounts and settings (docs/numbers.md). */
export default [
  { method: 'GET', path: '/accounts', handler: 'accounts.list', config: requires(ACTIONS.accountsManage) },
  { method: 'POST', path: '/accounts', handler: 'accounts.create', config: requires(ACTIONS.accountsManage) },
  { method: 'PUT', path: '/accounts/:id', handler: 'accounts.update', config: requires(ACTIONS.accountsManage) },
  { method: 'DELETE', path: '/accounts/:id', handler: 'accounts.remove', config: requires(ACTIONS.accountsManage) },
  { method: 'POST', path: '/accounts/:id/test', handler: 'accounts.test', config: requires(ACTIONS.accountsManage) },
  { method: 'GET', path: '/settings', handler: 'settings.get', config: requires(ACTIONS.settingsRead) },
  {
    method: 'GET',
    path: '/settings/verify-token',
    handler: 'settings.revealVerifyToken',
    config: requires(ACTIONS.settingsUpdate),
  },
];
