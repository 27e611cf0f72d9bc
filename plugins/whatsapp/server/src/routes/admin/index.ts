import accounts from './accounts';
import automations from './automations';
import inbox from './inbox';
import messages from './messages';
import numbers from './numbers';
import overview from './overview';
import sandbox from './sandbox';
import templates from './templates';
import webhookEvents from './webhook-events';

/** Admin API (`/whatsapp/...`): one file per feature, each route guarded by `allow(<action>)`. */
export default () => ({
  type: 'admin',
  routes: [
    ...overview,
    ...messages,
    ...inbox,
    ...webhookEvents,
    ...sandbox,
    ...numbers,
    ...accounts,
    ...templates,
    ...automations,
  ] as any[],
});
