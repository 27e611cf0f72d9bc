import inbox from './inbox';
import messages from './messages';
import sandbox from './sandbox';
import webhookEvents from './webhook-events';

export default () => ({
  type: 'admin',
  routes: [...messages, ...webhookEvents, ...sandbox, ...inbox],
});
