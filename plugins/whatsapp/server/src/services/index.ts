import accountAdmin from './account-admin';
import accounts from './accounts';
import conversations from './conversations';
import customers from './customers';
import events from './events';
import inboundMessages from './inbound-messages';
import managementWebhooks from './management-webhooks';
import mediaDownloads from './media-downloads';
import messageView from './message-view';
import messages from './messages';
import numberRouting from './number-routing';
import automationRules from './automation-rules';
import automations from './automations';
import notifications from './notifications';
import outbox from './outbox';
import overview from './overview';
import phoneNumbers from './phone-numbers';
import recipients from './recipients';
import runtime from './runtime';
import secrets from './secrets';
import stats from './stats';
import stream from './stream';
import timeline from './timeline';
import senders from './senders';
import settings from './settings';
import statuses from './statuses';
import templates from './templates';
import tenants from './tenants';
import webhookIngest from './webhook-ingest';
import webhookProcessor from './webhook-processor';
import webhookSecrets from './webhook-secrets';

export default {
  runtime,
  secrets,
  accounts,
  events,
  customers,
  statuses,
  'number-routing': numberRouting,
  'inbound-messages': inboundMessages,
  'media-downloads': mediaDownloads,
  'management-webhooks': managementWebhooks,
  'webhook-secrets': webhookSecrets,
  'webhook-ingest': webhookIngest,
  'webhook-processor': webhookProcessor,
  'message-view': messageView,
  conversations,
  timeline,
  stream,
  stats,
  senders,
  recipients,
  messages,
  outbox,
  overview,
  'account-admin': accountAdmin,
  'phone-numbers': phoneNumbers,
  settings,
  tenants,
  templates,
  automations,
  'automation-rules': automationRules,
  notifications,
};
