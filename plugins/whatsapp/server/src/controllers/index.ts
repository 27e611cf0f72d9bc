import messages from './messages';
import sandbox from './sandbox';
import templates from './templates';
import webhook from './webhook';
import webhookEvents from './webhook-events';

export default {
  webhook,
  'webhook-events': webhookEvents,
  sandbox,
  messages,
  templates,
};
