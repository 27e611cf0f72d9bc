import messages from '../outbound/routes/messages.content-api';
import webhook from '../inbound/routes/webhook.content-api';

export default () => ({
  type: 'content-api',
  routes: [...webhook, ...messages],
});
