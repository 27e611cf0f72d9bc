import accountAdmin from './account-admin';
import accounts from './accounts';
import customers from './customers';
import events from './events';
import inboundMessages from './inbound-messages';
import managementWebhooks from './management-webhooks';
import mediaDownloads from './media-downloads';
import messages from './messages';
import numberRouting from './number-routing';
import outbox from './outbox';
import overview from './overview';
import phoneNumbers from './phone-numbers';
import recipients from './recipients';
import runtime from './runtime';
import secrets from './secrets';
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
};
