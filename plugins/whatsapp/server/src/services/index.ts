import accounts from './accounts';
import customers from './customers';
import events from './events';
import inboundMessages from './inbound-messages';
import managementWebhooks from './management-webhooks';
import mediaDownloads from './media-downloads';
import numberRouting from './number-routing';
import runtime from './runtime';
import secrets from './secrets';
import statuses from './statuses';
import webhookIngest from './webhook-ingest';
import webhookProcessor from './webhook-processor';
import webhookSecrets from './webhook-secrets';
import messages from './messages';
import outbox from './outbox';
import recipients from './recipients';
import senders from './senders';
import templates from './templates';

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
  templates,
};
