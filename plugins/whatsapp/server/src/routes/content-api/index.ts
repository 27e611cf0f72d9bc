import messages from './messages';
import webhook from './webhook';

export default () => ({
  type: 'content-api',
  routes: [...webhook, ...messages],
});
