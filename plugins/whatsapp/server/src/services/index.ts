import accounts from './accounts';
import conversations from './conversations';
import customers from './customers';
import events from './events';
import inboundMessages from './inbound-messages';
import managementWebhooks from './management-webhooks';
import mediaDownloads from './media-downloads';
import messageView from './message-view';
import numberRouting from './number-routing';
import runtime from './runtime';
import secrets from './secrets';
import stats from './stats';
import statuses from './statuses';
import stream from './stream';
import timeline from './timeline';
import webhookIngest from './webhook-ingest';
import webhookProcessor from './webhook-processor';
import webhookSecrets from './webhook-secrets';
import messages from './messages';
import outbox from './outbox';
import recipients from './recipients';
import senders from './senders';

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
};
