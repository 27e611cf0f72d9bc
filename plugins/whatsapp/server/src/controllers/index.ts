import conversation from './conversation';
import accounts from './accounts';
import automations from './automations';
import messages from './messages';
import overview from './overview';
import phoneNumbers from './phone-numbers';
import sandbox from './sandbox';
import stats from './stats';
import stream from './stream';
import settings from './settings';
import templates from './templates';
import tenants from './tenants';
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
  overview,
  accounts,
  'phone-numbers': phoneNumbers,
  settings,
  tenants,
  templates,
  automations,
};
