import { ACTIONS } from '../../../../shared/permissions';
import { requires } from './guard';

/** Numbers and tenants (docs/numbers.md). */
export default [
  { method: 'GET', path: '/phone-numbers', handler: 'phone-numbers.list', config: requires(ACTIONS.numbersRead) },
  { method: 'POST', path: '/phone-numbers/sync', handler: 'phone-numbers.sync', config: requires(ACTIONS.numbersSync) },
  { method: 'GET', path: '/tenants', handler: 'tenants.list', config: requires(ACTIONS.numbersRead) },
  { method: 'POST', path: '/tenants/:id/assign-phone', handler: 'tenants.assignPhone', config: requires(ACTIONS.numbersAssign) },
  { method: 'DELETE', path: '/tenants/:id/assign-phone', handler: 'tenants.unassignPhone', config: requires(ACTIONS.numbersAssign) },
  { method: 'PUT', path: '/tenants/:id/settings', handler: 'tenants.updateSettings', config: requires(ACTIONS.numbersAssign) },
];
