import accounts from './accounts';
import runtime from './runtime';
import secrets from './secrets';
import templates from './templates';

export default {
  runtime,
  secrets,
  accounts,
  templates,
};
