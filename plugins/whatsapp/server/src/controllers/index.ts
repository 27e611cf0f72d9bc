import conversation from './conversation';
import stats from './stats';
import stream from './stream';

export default {
  conversation,
  stream,
  stats,
};
