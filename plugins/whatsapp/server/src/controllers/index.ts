import conversation from '../inbox/controllers/conversation';
import accounts from '../numbers/controllers/accounts';
import automations from '../automations/controllers/automations';
import messages from '../outbound/controllers/messages';
import overview from '../numbers/controllers/overview';
import phoneNumbers from '../numbers/controllers/phone-numbers';
import sandbox from '../inbound/controllers/sandbox';
import stats from '../inbox/controllers/stats';
import stream from '../inbox/controllers/stream';
import settings from '../numbers/controllers/settings';
import templates from '../templates/controllers/templates';
import tenants from '../numbers/controllers/tenants';
import webhook from '../inbound/controllers/webhook';
import webhookEvents from '../inbound/controllers/webhook-events';

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
