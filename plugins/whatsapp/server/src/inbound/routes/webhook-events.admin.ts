import { ACTIONS } from '../../../../shared/permissions';
import { allow } from '../../routes/allow';

/** Admin API: the webhook event log (health, failures, retry). */
export default [
  { method: 'GET', path: '/webhook-events', handler: 'webhook-events.list', config: allow(ACTIONS.webhooksRead) },
  { method: 'GET', path: '/webhook-events/:id', handler: 'webhook-events.findOne', config: allow(ACTIONS.webhooksRead) },
  { method: 'POST', path: '/webhook-events/:id/retry', handler: 'webhook-events.retry', config: allow(ACTIONS.webhooksRetry) },
];
