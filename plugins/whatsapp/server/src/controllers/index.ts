import conversation from './conversation';
import messages from './messages';
import sandbox from './sandbox';
import stats from './stats';
import stream from './stream';
import webhook from './webhook';
import webhookEvents from './webhook-events';

export default {
  webhook,
  'webhook-events': webhookEvents,
  sandbox,
  conversation,
  stream,
  stats,
  messages,
};
