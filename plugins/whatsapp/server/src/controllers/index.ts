import messages from './messages';
import overview from './overview';
import sandbox from './sandbox';
import webhook from './webhook';
import webhookEvents from './webhook-events';

export default {
  webhook,
  'webhook-events': webhookEvents,
  sandbox,
  messages,
  overview,
};
