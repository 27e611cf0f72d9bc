import accountAdmin from '../numbers/account-admin';
import accounts from '../numbers/accounts';
import audit from '../audit/log';
import customerData from '../privacy/customer-data';
import consent from '../privacy/consent';
import messageRetention from '../privacy/retention';
import conversations from '../inbox/conversations';
import conversationSummaries from '../inbox/summaries';
import conversationNotes from '../conversations/notes';
import conversationStates from '../conversations/states';
import quickReplies from '../conversations/quick-replies';
import newConversation from '../conversations/new-conversation';
import customers from '../inbound/customers';
import events from '../core/events';
import inboundMessages from '../inbound/messages';
import managementWebhooks from '../inbound/management';
import mediaDownloads from '../inbound/media-downloads';
import messageView from '../inbox/message-view';
import messages from '../outbound/send';
import numberRouting from '../inbound/number-routing';
import automationRules from '../automations/editor';
import automations from '../automations/engine';
import notifications from '../outbound/notifications';
import outbox from '../outbound/outbox';
import overview from '../numbers/overview';
import phoneNumbers from '../numbers/phone-numbers';
import recipients from '../outbound/recipients';
import runtime from '../core/runtime';
import secrets from '../numbers/secrets';
import stats from '../inbox/stats';
import stream from '../inbox/stream';
import timeline from '../inbox/timeline';
import senders from '../outbound/senders';
import settings from '../numbers/settings';
import statuses from '../inbound/statuses';
import templates from '../templates/meta';
import tenants from '../numbers/tenants';
import webhookIngest from '../inbound/webhook/ingest';
import webhookProcessor from '../inbound/processor';
import webhookSecrets from '../inbound/webhook/secrets';
import customerRecords from '../customers/linked-records';
import tenancy from '../tenancy/scope';
import myTenants from '../tenancy/my-tenants';

export default {
  runtime,
  tenancy,
  'my-tenants': myTenants,
  secrets,
  accounts,
  audit,
  'customer-data': customerData,
  consent,
  'message-retention': messageRetention,
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
  'conversation-summaries': conversationSummaries,
  'conversation-states': conversationStates,
  'conversation-notes': conversationNotes,
  'quick-replies': quickReplies,
  'new-conversation': newConversation,
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
  'customer-records': customerRecords,
};
