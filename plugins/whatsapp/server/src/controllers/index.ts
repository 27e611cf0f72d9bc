import accounts from './accounts';
import phoneNumbers from './phone-numbers';
import sandbox from './sandbox';
import settings from './settings';
import tenants from './tenants';
import webhook from './webhook';
import webhookEvents from './webhook-events';

export default {
  webhook,
  'webhook-events': webhookEvents,
  sandbox,
  accounts,
  'phone-numbers': phoneNumbers,
  settings,
  tenants,
};
