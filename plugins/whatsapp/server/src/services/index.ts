import accounts from './accounts';
import overview from './overview';
import runtime from './runtime';
import secrets from './secrets';

export default {
  runtime,
  secrets,
  accounts,
  overview,
};
