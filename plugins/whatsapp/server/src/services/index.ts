import accounts from './accounts';
import automationRules from './automation-rules';
import automations from './automations';
import messages from './messages';
import notifications from './notifications';
import outbox from './outbox';
import recipients from './recipients';
import runtime from './runtime';
import secrets from './secrets';
import senders from './senders';

export default {
  runtime,
  secrets,
  accounts,
  senders,
  recipients,
  messages,
  outbox,
  automations,
  'automation-rules': automationRules,
  notifications,
};
