import { ACTIONS } from '../../../../shared/permissions';

const policies = [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions: [ACTIONS.automationsManage] } },
];

const route = (method: string, path: string, handler: string) => ({ method, path, handler: `automations.${handler}`, config: { policies } });

/** Admin API of the automations editor (mounted at /whatsapp/automations…). */
export const automationRoutes = [
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
