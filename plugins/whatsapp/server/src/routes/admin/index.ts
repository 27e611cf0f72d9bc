import accounts from './accounts';
import { automationRoutes } from './automations';
import inbox from './inbox';
import messages from './messages';
import numbers from './numbers';
import overview from './overview';
import sandbox from './sandbox';
import templates from './templates';
import webhookEvents from './webhook-events';

export default () => ({
  type: 'admin',
  routes: [...messages, ...webhookEvents, ...sandbox, ...overview, ...numbers, ...accounts, ...templates, ...automationRoutes, ...inbox] as any[],
});
