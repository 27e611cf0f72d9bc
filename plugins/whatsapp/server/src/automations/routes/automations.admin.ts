import { ACTIONS } from '../../../../shared/permissions';
import { allow } from '../../routes/allow';

const route = (method: string, path: string, handler: string) => ({
  method,
  path,
  handler: `automations.${handler}`,
  config: allow(ACTIONS.automationsManage),
});

/** Admin API of the automations editor (mounted at /whatsapp/automations…). */
export default [
  route('GET', '/automations/content-types', 'contentTypes'),
  route('GET', '/automations/templates', 'templates'),
  route('GET', '/automations', 'list'),
  route('POST', '/automations', 'create'),
  route('GET', '/automations/:documentId', 'get'),
  route('PUT', '/automations/:documentId', 'update'),
  route('DELETE', '/automations/:documentId', 'remove'),
  route('GET', '/automations/:documentId/activity', 'activity'),
  route('POST', '/automations/:documentId/dry-run', 'dryRun'),
];
