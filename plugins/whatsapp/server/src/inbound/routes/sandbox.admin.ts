import { ACTIONS } from '../../../../shared/permissions';
import { allow } from '../../routes/allow';

/** Admin API: offline mode only — a customer message, or a refusal by Meta, simulated through the in-process sandbox. */
export default [
  { method: 'POST', path: '/sandbox/inbound', handler: 'sandbox.simulateInbound', config: allow(ACTIONS.sandboxSimulate) },
  { method: 'POST', path: '/sandbox/faults', handler: 'sandbox.injectSendFault', config: allow(ACTIONS.sandboxSimulate) },
  { method: 'POST', path: '/sandbox/template-category', handler: 'sandbox.simulateCategoryChange', config: allow(ACTIONS.sandboxSimulate) },
];
