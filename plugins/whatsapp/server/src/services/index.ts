import accountAdmin from './account-admin';
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
import phoneNumbers from './phone-numbers';
import settings from './settings';
import tenants from './tenants';

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
  'account-admin': accountAdmin,
  'phone-numbers': phoneNumbers,
  settings,
  tenants,
};
