import accounts from './accounts';
import runtime from './runtime';
import secrets from './secrets';

export default {
  runtime,
  secrets,
  accounts,
};
