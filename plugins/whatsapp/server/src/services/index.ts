import accounts from './accounts';
import automationRules from './automation-rules';
import automations from './automations';
import notifications from './notifications';
import runtime from './runtime';
import secrets from './secrets';

export default {
  runtime,
  secrets,
  accounts,
  automations,
  'automation-rules': automationRules,
  notifications,
};
