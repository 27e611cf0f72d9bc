import accounts from './accounts';
import conversations from './conversations';
import events from './events';
import messageView from './message-view';
import runtime from './runtime';
import secrets from './secrets';
import stats from './stats';
import stream from './stream';
import timeline from './timeline';

export default {
  runtime,
  secrets,
  accounts,
  events,
  'message-view': messageView,
  conversations,
  timeline,
  stream,
  stats,
};
