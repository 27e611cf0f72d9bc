import phoneNumbers from './phone-numbers';
import tenants from './tenants';

export default {
  'phone-numbers': phoneNumbers,
  tenants,
};
