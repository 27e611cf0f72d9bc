import { ACTIONS } from '../../../../shared/permissions';
import { allow } from '../../routes/allow';

/** A customer's data rights: export and erasure (docs/privacy.md). */
export default [
  { method: 'GET', path: '/customers/:documentId/export', handler: 'customer-data.export', config: allow(ACTIONS.customersExport) },
  { method: 'POST', path: '/customers/:documentId/erase', handler: 'customer-data.erase', config: allow(ACTIONS.customersErase) },
];
