import conversation from '../inbox/controllers/conversation';
import conversationWork from '../conversations/controllers/conversation-work';
import newConversation from '../conversations/controllers/new-conversation';
import accounts from '../numbers/controllers/accounts';
import audit from '../audit/controllers/audit';
import customerData from '../privacy/controllers/customer-data';
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
import customerRecords from '../customers/controllers/customer-records';
import customerBlock from '../customers/controllers/customer-block';
import myTenants from '../tenancy/controllers/my-tenants';
import { withStatusErrors } from '../core/errors';

/**
 * The one registry of controllers, each from its feature folder. Every handler is wrapped once
 * here: a StatusError (409/422/502/503, core/errors.ts) becomes Strapi's error body; Strapi's own
 * errors go on to its error middleware. Handlers only throw.
 */
const controllers = {
  webhook,
  'webhook-events': webhookEvents,
  sandbox,
  conversation,
  'conversation-work': conversationWork,
  'new-conversation': newConversation,
  stream,
  stats,
  messages,
  overview,
  accounts,
  audit,
  'customer-data': customerData,
  'phone-numbers': phoneNumbers,
  settings,
  tenants,
  templates,
  automations,
  'customer-records': customerRecords,
  'customer-block': customerBlock,
  'my-tenants': myTenants,
};

export default Object.fromEntries(
  Object.entries(controllers).map(([name, factory]) => [name, withStatusErrors(factory)])
) as typeof controllers;
