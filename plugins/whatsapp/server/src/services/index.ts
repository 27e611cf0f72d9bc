import accountAdmin from './account-admin';
import accounts from './accounts';
import phoneNumbers from './phone-numbers';
import runtime from './runtime';
import secrets from './secrets';
import settings from './settings';
import tenants from './tenants';

export default {
  runtime,
  secrets,
  accounts,
  'account-admin': accountAdmin,
  'phone-numbers': phoneNumbers,
  settings,
  tenants,
};
