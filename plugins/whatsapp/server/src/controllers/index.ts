import accounts from './accounts';
import phoneNumbers from './phone-numbers';
import settings from './settings';
import tenants from './tenants';

export default {
  accounts,
  'phone-numbers': phoneNumbers,
  settings,
  tenants,
};
