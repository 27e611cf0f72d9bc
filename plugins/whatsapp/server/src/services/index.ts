import accounts from './accounts';
import phoneNumbers from './phone-numbers';
import runtime from './runtime';
import secrets from './secrets';
import tenants from './tenants';

export default {
  runtime,
  secrets,
  accounts,
  'phone-numbers': phoneNumbers,
  tenants,
};
