import { ACTIONS } from '../../../../shared/permissions';
import { inboxRoutes } from './inbox';

const can = (action: string) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions: [action] } },
];

export default () => ({
  type: 'admin',
  routes: [
    {
      method: 'GET',
      path: '/webhook-events',
      handler: 'webhook-events.list',
      config: { policies: can(ACTIONS.webhooksRead) },
    },
    {
      method: 'GET',
      path: '/webhook-events/:id',
      handler: 'webhook-events.findOne',
      config: { policies: can(ACTIONS.webhooksRead) },
    },
    {
      method: 'POST',
      path: '/webhook-events/:id/retry',
      handler: 'webhook-events.retry',
      config: { policies: can(ACTIONS.webhooksRetry) },
    },
    {
      method: 'POST',
      path: '/sandbox/inbound',
      handler: 'sandbox.simulateInbound',
      config: { policies: can(ACTIONS.sandboxSimulate) },
    },
    ...inboxRoutes,
  ] as any[],
});
