import messages from './messages';
import sandbox from './sandbox';
import templates from './templates';
import webhookEvents from './webhook-events';

export default () => ({
  type: 'admin',
  routes: [...messages, ...webhookEvents, ...sandbox, ...templates],
});
