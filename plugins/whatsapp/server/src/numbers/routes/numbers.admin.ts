import { ACTIONS } from '../../../../shared/permissions';
import { allow } from '../../routes/allow';

/** Numbers and tenants (docs/numbers.md). */
export default [
  { method: 'GET', path: '/phone-numbers', handler: 'phone-numbers.list', config: allow(ACTIONS.numbersRead) },
  { method: 'POST', path: '/phone-numbers/sync', handler: 'phone-numbers.sync', config: allow(ACTIONS.numbersSync) },
  { method: 'GET', path: '/tenants', handler: 'tenants.list', config: allow(ACTIONS.numbersRead) },
  { method: 'POST', path: '/tenants/:id/assign-phone', handler: 'tenants.assignPhone', config: allow(ACTIONS.numbersAssign) },
  { method: 'DELETE', path: '/tenants/:id/assign-phone', handler: 'tenants.unassignPhone', config: allow(ACTIONS.numbersAssign) },
  { method: 'PUT', path: '/tenants/:id/settings', handler: 'tenants.updateSettings', config: allow(ACTIONS.numbersAssign) },
  { method: 'GET', path: '/tenants/member-candidates', handler: 'tenants.memberCandidates', config: allow(ACTIONS.numbersAssign) },
  { method: 'PUT', path: '/tenants/:id/members', handler: 'tenants.setMembers', config: allow(ACTIONS.numbersAssign) },
];
