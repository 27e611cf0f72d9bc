import accounts from './accounts';
import messages from './messages';
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
};
