import businessAccount from './business-account';
import phoneNumber from './phone-number';
import tenant from './tenant';
import customer from './customer';
import message from './message';
import template from './template';
import automation from './automation';
import webhookEvent from './webhook-event';
import conversationRead from './conversation-read';
import pendingStatus from './pending-status';
import sandboxState from './sandbox-state';
import liveEvent from './live-event';
import pairSchedule from './pair-schedule';
import conversationState from './conversation-state';
import conversationSummary from './conversation-summary';
import conversationNote from './conversation-note';
import quickReply from './quick-reply';
import auditEntry from './audit-entry';

/** Keys are the content-type names: uids are `plugin::whatsapp.<key>` (README.md#content-types). */
export default {
  'business-account': businessAccount,
  'phone-number': phoneNumber,
  'tenant': tenant,
  'customer': customer,
  'message': message,
  'template': template,
  'automation': automation,
  'webhook-event': webhookEvent,
  'conversation-read': conversationRead,
  'pending-status': pendingStatus,
  'sandbox-state': sandboxState,
  'live-event': liveEvent,
  'pair-schedule': pairSchedule,
  'conversation-state': conversationState,
  'conversation-summary': conversationSummary,
  'conversation-note': conversationNote,
  'quick-reply': quickReply,
  'audit-entry': auditEntry,
};
