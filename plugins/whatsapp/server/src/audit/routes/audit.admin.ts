import { ACTIONS } from '../../../../shared/permissions';
import { allow } from '../../routes/allow';

/** The audit log (docs/numbers.md "Audit log"). */
export default [{ method: 'GET', path: '/audit', handler: 'audit.list', config: allow(ACTIONS.auditRead) }];
